namespace Aiguillage.Domain.Offices;

/// <summary>
/// Self-service machines (automates) an office has: what a mediator can show a client hands-on.
/// Stored as bit flags; a new kind takes the next free bit.
/// </summary>
[Flags]
public enum SelfServiceMachines
{
    None = 0,
    /// <summary>Automate d'affranchissement: weigh and frank letters and parcels.</summary>
    PostageKiosk = 1,
    /// <summary>Distributeur de billets.</summary>
    CashMachine = 2,
    /// <summary>Consigne ou automate de retrait de colis.</summary>
    ParcelLocker = 4,
    /// <summary>Tablette ou ordinateur en libre-service (accès aux services publics en ligne).</summary>
    PublicTablet = 8,
    /// <summary>Imprimante et scanner en libre-service.</summary>
    PrinterScanner = 16,
}

public static class SelfServiceMachinesExtensions
{
    public static readonly IReadOnlyList<(SelfServiceMachines Machine, string Label)> All =
    [
        (SelfServiceMachines.PostageKiosk, "Automate d'affranchissement"),
        (SelfServiceMachines.CashMachine, "Distributeur de billets"),
        (SelfServiceMachines.ParcelLocker, "Consigne à colis"),
        (SelfServiceMachines.PublicTablet, "Tablette ou ordinateur en libre-service"),
        (SelfServiceMachines.PrinterScanner, "Imprimante et scanner en libre-service"),
    ];

    public static IEnumerable<string> Labels(this SelfServiceMachines machines) =>
        All.Where(m => machines.HasFlag(m.Machine)).Select(m => m.Label);
}
