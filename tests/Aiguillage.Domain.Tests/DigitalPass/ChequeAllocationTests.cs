using Aiguillage.Domain.DigitalPass;

namespace Aiguillage.Domain.Tests.DigitalPass;

/// <summary>A book shared between offices (issue 18): the whole of it, a count from the central stock, or numbers.</summary>
public sealed class ChequeAllocationTests
{
    private static readonly ChequeRange Book = new(501, 550, 4);

    /// <summary>The book's 50 cheques: 501–510 already at office 7, 511 given to a client (not in stock), the rest central.</summary>
    private static readonly (long, int?)[] InStock = [.. Enumerable.Range(501, 10).Select(n => ((long)n, (int?)7)), .. Enumerable.Range(512, 39).Select(n => ((long)n, (int?)null))];

    [Fact]
    public void A_count_takes_the_lowest_numbers_of_the_central_stock_never_an_offices()
    {
        var allocation = ChequeAllocation.Choose(Book, InStock, 15, null);
        Assert.Equal(new ChequeAllocation(501, 526, CentralOnly: true, 15), allocation);
    }

    [Fact]
    public void Numbers_take_what_is_in_stock_between_them_wherever_it_is()
    {
        Assert.Equal(new ChequeAllocation(505, 515, CentralOnly: false, 10), ChequeAllocation.Choose(Book, InStock, null, new ChequeRange(505, 515, 4)));
    }

    [Fact]
    public void Neither_moves_the_whole_stock_of_the_book()
    {
        Assert.Equal(new ChequeAllocation(501, 550, CentralOnly: false, 49), ChequeAllocation.Choose(Book, InStock, null, null));
    }

    [Theory]
    [InlineData(0, "Le nombre de chèques va de 1 à 50, la taille du carnet.")]
    [InlineData(51, "Le nombre de chèques va de 1 à 50, la taille du carnet.")]
    [InlineData(40, "Ce carnet n'a plus que 39 chèques au stock central.")]
    public void A_count_the_central_stock_cannot_give_is_refused_and_says_how_many_are_left(int count, string message)
    {
        var error = Assert.Throws<DomainException>(() => ChequeAllocation.Choose(Book, InStock, count, null));
        Assert.Equal((message, ChequeAllocation.CountField), (error.Message, error.Field));
    }

    [Fact]
    public void Numbers_outside_the_book_or_none_in_stock_or_both_ways_at_once_are_refused()
    {
        Assert.Equal("Les numéros 0540–0560 ne sont pas tous dans ce carnet (0501–0550).",
            Assert.Throws<DomainException>(() => ChequeAllocation.Choose(Book, InStock, null, new ChequeRange(540, 560, 4))).Message);
        Assert.Equal("Aucun chèque de 0511–0511 n'est encore en stock.",
            Assert.Throws<DomainException>(() => ChequeAllocation.Choose(Book, InStock, null, new ChequeRange(511, 511, 4))).Message);
        Assert.Equal(ChequeAllocation.CountField,
            Assert.Throws<DomainException>(() => ChequeAllocation.Choose(Book, InStock, 5, new ChequeRange(512, 520, 4))).Field);
        Assert.Equal("Ce carnet n'a plus de chèque au stock central. Pour reprendre des chèques à un bureau, indiquez leurs numéros.",
            Assert.Throws<DomainException>(() => ChequeAllocation.Choose(Book, [(501, 7)], 1, null)).Message);
        Assert.Equal("Ce carnet n'a plus de chèque en stock.", Assert.Throws<DomainException>(() => ChequeAllocation.Choose(Book, [], null, null)).Message);
    }
}
