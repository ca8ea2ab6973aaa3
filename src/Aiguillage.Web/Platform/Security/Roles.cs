namespace Aiguillage.Web.Platform.Security;

/// <summary>The four roles of the programme (issue 2 §4). An account has exactly one.</summary>
public static class Roles
{
    public const string Mediator = "Mediator";
    public const string PartnerStaff = "PartnerStaff";
    public const string Manager = "Manager";
    public const string Admin = "Admin";

    public static readonly IReadOnlyList<string> All = [Mediator, PartnerStaff, Manager, Admin];

    public static string Label(string? role) => role switch
    {
        Mediator => "Médiateur",
        PartnerStaff => "Partenaire",
        Manager => "Pilote",
        Admin => "Administrateur",
        _ => "Sans rôle",
    };

    /// <summary>Where each role lands after signing in.</summary>
    public static string HomePath(string? role) => role switch
    {
        Mediator => "/bureaux",
        PartnerStaff => "/partenaire",
        Manager => "/pilotage",
        Admin => "/admin",
        _ => "/acces-refuse",
    };
}

/// <summary>Authorization policies, one per audience.</summary>
public static class Policies
{
    public const string Admin = "Admin";
    public const string PartnerStaff = "PartnerStaff";
    public const string Mediator = "Mediator";

    /// <summary>Who may open an office's page: its mediators, managers of its territory, admins.</summary>
    public const string OfficeReader = "OfficeReader";

    /// <summary>Who may manage a partner's places, workshops and sessions: its staff, and admins for every partner.</summary>
    public const string PartnerManager = "PartnerManager";

    /// <summary>Who steers: the territory home, the dashboard and the pass numérique figures; managers (their territory) and admins (the nation, and the stock).</summary>
    public const string Steering = "Steering";

    /// <summary>
    /// Who may open what is about one client — a diagnostic, its handout, the office's referrals and cheques — within
    /// their scope: mediators and admins. Managers steer with figures and never open one client's record (issue 15 §1).
    /// </summary>
    public const string ClientRecords = "ClientRecords";

    /// <summary>Who may open one referral: the office's mediators, the partner's staff (the contact only under consent), admins; never managers.</summary>
    public const string ReferralReader = "ReferralReader";

    /// <summary>Who may submit a diagnostic for an office of their scope: mediators and admins.</summary>
    public const string DiagnosticWriter = "DiagnosticWriter";
}
