using System.Globalization;

namespace Aiguillage.Domain.DigitalPass;

/// <summary>
/// A pass numérique agreement (convention): a funder buys numbered cheques for a department. Cheques are handed out
/// until <see cref="IssuableUntil"/> (31 December of the year by default) and accepted by places until
/// <see cref="AcceptedUntil"/> (31 January of the next year by default), as APTIC cheques are.
/// </summary>
public sealed class Agreement
{
    public const int DefaultChequeValueCents = 1000;
    public const int DefaultMaxChequesPerClient = 5;

    private Agreement()
    {
        Funder = DepartmentCode = string.Empty;
    }

    public Agreement(string funder, string departmentCode, int year, int chequeValueCents, long budgetCents, int maxChequesPerClient,
        DateOnly? issuableUntil = null, DateOnly? acceptedUntil = null) : this()
    {
        if (string.IsNullOrWhiteSpace(funder) || funder.Trim().Length > 200)
        {
            throw new DomainException("agreement.funder-required", "Indiquez le financeur (200 caractères au plus).", nameof(Funder));
        }

        if (!Territories.InseeCode.IsDepartmentCode(departmentCode))
        {
            throw new DomainException("agreement.department-invalid", "Indiquez un code de département (par exemple 42, 2A, 974).", nameof(DepartmentCode));
        }

        if (year is < 2019 or > 2100)
        {
            throw new DomainException("agreement.year-invalid", "L'année va de 2019 à 2100.", nameof(Year));
        }

        if (chequeValueCents is < 100 or > 100_000)
        {
            throw new DomainException("agreement.value-invalid", "La valeur d'un chèque va de 1 € à 1 000 €.", nameof(ChequeValueCents));
        }

        if (budgetCents < chequeValueCents || budgetCents > 10_000_000_000)
        {
            throw new DomainException("agreement.budget-invalid", "Le budget doit couvrir au moins un chèque.", nameof(BudgetCents));
        }

        if (maxChequesPerClient is < 1 or > 100)
        {
            throw new DomainException("agreement.limit-invalid", "Le nombre de chèques par client va de 1 à 100.", nameof(MaxChequesPerClient));
        }

        var issuable = issuableUntil ?? new DateOnly(year, 12, 31);
        var accepted = acceptedUntil ?? new DateOnly(year + 1, 1, 31);
        if (issuable.Year != year || accepted < issuable)
        {
            throw new DomainException("agreement.dates-invalid", "La remise finit dans l'année de la convention, et l'acceptation pas avant la remise.", nameof(AcceptedUntil));
        }

        Funder = funder.Trim();
        DepartmentCode = departmentCode;
        Year = year;
        ChequeValueCents = chequeValueCents;
        BudgetCents = budgetCents;
        MaxChequesPerClient = maxChequesPerClient;
        IssuableUntil = issuable;
        AcceptedUntil = accepted;
    }

    public int Id { get; private set; }

    public string Funder { get; private set; }

    public string DepartmentCode { get; private set; }

    public int Year { get; private set; }

    public int ChequeValueCents { get; private set; }

    public long BudgetCents { get; private set; }

    public int MaxChequesPerClient { get; private set; }

    public DateOnly IssuableUntil { get; private set; }

    public DateOnly AcceptedUntil { get; private set; }

    /// <summary>How many cheques the budget pays for.</summary>
    public long ChequesCovered => BudgetCents / ChequeValueCents;

    public string Name => $"{Funder} — {DepartmentCode} — {Year}";

    public static string Euros(long cents) => (cents / 100m).ToString("#,##0.00 €", CultureInfo.GetCultureInfo("fr-FR"));
}
