namespace Aiguillage.Domain.DigitalPass;

/// <summary>
/// Which of a book's cheques an allocation moves to an office (issue 18: a book shared between several offices). A
/// value of this type is a condition on the book's cheques still in stock: numbers from <see cref="From"/> to
/// <see cref="To"/>, and only those of the central stock when <see cref="CentralOnly"/>.
/// </summary>
public readonly record struct ChequeAllocation(long From, long To, bool CentralOnly, int Count)
{
    public const string CountField = "AllocateCount";
    public const string RangeField = "AllocateFrom";

    /// <summary>
    /// The cheques to move, from the book's cheques in stock (their number, and their office or null for the central
    /// stock):
    /// <list type="bullet">
    /// <item>neither a count nor numbers: all the book's cheques in stock, wherever they are (the whole book);</item>
    /// <item>a count: the lowest numbers of the central stock — a count never takes cheques back from an office;</item>
    /// <item>numbers: those in stock between them, wherever they are (to take some back from an office, say which).</item>
    /// </list>
    /// </summary>
    public static ChequeAllocation Choose(ChequeRange book, IReadOnlyCollection<(long Number, int? OfficeId)> inStock, int? count, ChequeRange? numbers)
    {
        if (count is not null && numbers is not null)
        {
            throw new DomainException("allocation.count-and-numbers", "Indiquez un nombre de chèques ou des numéros, pas les deux.", CountField);
        }

        if (count is { } n)
        {
            var central = inStock.Where(c => c.OfficeId is null).Select(c => c.Number).Order().ToList();
            if (n < 1 || n > book.Count)
            {
                throw new DomainException("allocation.count-invalid", $"Le nombre de chèques va de 1 à {book.Count}, la taille du carnet.", CountField);
            }

            if (central.Count < n)
            {
                throw new DomainException("allocation.count-too-many", central.Count == 0
                    ? "Ce carnet n'a plus de chèque au stock central. Pour reprendre des chèques à un bureau, indiquez leurs numéros."
                    : $"Ce carnet n'a plus que {Plural(central.Count)} au stock central.", CountField);
            }

            return new ChequeAllocation(book.First, central[n - 1], CentralOnly: true, n);
        }

        if (numbers is { } range)
        {
            if (range.First < book.First || range.Last > book.Last)
            {
                throw new DomainException("allocation.outside-book", $"Les numéros {range} ne sont pas tous dans ce carnet ({book}).", RangeField);
            }

            var moved = inStock.Count(c => c.Number >= range.First && c.Number <= range.Last);
            if (moved == 0)
            {
                throw new DomainException("allocation.none-in-stock", $"Aucun chèque de {range} n'est encore en stock.", RangeField);
            }

            return new ChequeAllocation(range.First, range.Last, CentralOnly: false, moved);
        }

        if (inStock.Count == 0)
        {
            throw new DomainException("allocation.book-empty", "Ce carnet n'a plus de chèque en stock.", CountField);
        }

        return new ChequeAllocation(book.First, book.Last, CentralOnly: false, inStock.Count);
    }

    private static string Plural(int n) => n == 1 ? "1 chèque" : $"{n} chèques";
}
