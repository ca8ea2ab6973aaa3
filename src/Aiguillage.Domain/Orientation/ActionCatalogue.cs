using Aiguillage.Domain.Offices;

namespace Aiguillage.Domain.Orientation;

/// <summary>The three tiers of the programme (ARCHITECTURE §1.2).</summary>
public enum ActionTier
{
    /// <summary>Informer: the client is autonomous enough; an information sheet is enough.</summary>
    Inform = 0,

    /// <summary>Accompagner en bureau: hands-on help with the office's machines and apps.</summary>
    Accompany = 1,

    /// <summary>Orienter vers un partenaire: a free workshop at a partner association.</summary>
    Refer = 2,
}

public static class ActionTiers
{
    public static string Label(this ActionTier tier) => tier switch
    {
        ActionTier.Inform => "Informer",
        ActionTier.Accompany => "Accompagner en bureau",
        _ => "Orienter vers un partenaire",
    };
}

/// <summary>
/// One action a mediator can propose. <see cref="Needs"/> and <see cref="Domains"/> say what it answers;
/// <see cref="Machine"/> is the self-service machine it needs in the office (None: no machine);
/// <see cref="Service"/> is the national data standard's service, for referrals to partners; <see cref="Website"/> the
/// public site an information sheet sends the client to (printed as a QR code on the handout, issue 18).
/// </summary>
public sealed record OrientationAction(
    string Id,
    ActionTier Tier,
    string Title,
    string Purpose,
    string HowToStart,
    IReadOnlyList<string> Needs,
    IReadOnlyList<string> Domains,
    SelfServiceMachines Machine = SelfServiceMachines.None,
    bool RequiresSmartphone = false,
    bool EquipmentHelp = false,
    string? Service = null,
    string? Website = null);

/// <summary>
/// The catalogue of actions, as data (Content/orientation/actions.json), with the plain-French reasons attached to
/// each need and each know-how domain.
/// </summary>
public sealed record ActionCatalogue(
    int Version,
    IReadOnlyList<OrientationAction> Actions,
    IReadOnlyDictionary<string, string> NeedReasons,
    IReadOnlyDictionary<string, string> DomainReasons,
    string EquipmentReason,
    string IllectronismeReason,
    string DefaultReferralId)
{
    public OrientationAction? Find(string id) => Actions.FirstOrDefault(a => a.Id == id);

    /// <summary>Faults of the catalogue against the questionnaire it serves; empty when usable.</summary>
    public IReadOnlyList<string> Validate(Diagnostics.QuestionnaireDefinition questionnaire)
    {
        var faults = new List<string>();
        foreach (var id in Actions.GroupBy(a => a.Id).Where(g => g.Count() > 1).Select(g => g.Key))
        {
            faults.Add($"action {id}: id used more than once");
        }

        var needs = questionnaire.Needs.Select(n => n.Id).ToHashSet();
        var domains = questionnaire.Domains.Select(d => d.Id).ToHashSet();
        foreach (var a in Actions)
        {
            faults.AddRange(a.Needs.Where(n => !needs.Contains(n)).Select(n => $"action {a.Id}: unknown need '{n}'"));
            faults.AddRange(a.Domains.Where(d => !domains.Contains(d)).Select(d => $"action {a.Id}: unknown domain '{d}'"));
            if (a.Website is not null && (!Uri.TryCreate(a.Website, UriKind.Absolute, out var site) || site.Scheme != Uri.UriSchemeHttps))
            {
                faults.Add($"action {a.Id}: website must be an https address");
            }

            if (string.IsNullOrWhiteSpace(a.Title) || string.IsNullOrWhiteSpace(a.Purpose) || string.IsNullOrWhiteSpace(a.HowToStart))
            {
                faults.Add($"action {a.Id}: title, purpose and howToStart are required");
            }

            if (a.Tier == ActionTier.Refer && string.IsNullOrWhiteSpace(a.Service))
            {
                faults.Add($"action {a.Id}: a referral names the data standard's service it needs");
            }

            if (a.Machine != SelfServiceMachines.None && a.Tier != ActionTier.Accompany)
            {
                faults.Add($"action {a.Id}: only in-office accompaniments use a machine");
            }
        }

        faults.AddRange(needs.Where(n => !NeedReasons.ContainsKey(n)).Select(n => $"need {n}: no reason sentence"));
        faults.AddRange(domains.Where(d => !DomainReasons.ContainsKey(d)).Select(d => $"domain {d}: no reason sentence"));
        faults.AddRange(needs.Where(n => !Actions.Any(a => a.Needs.Contains(n))).Select(n => $"need {n}: no action answers it"));
        if (Find(DefaultReferralId) is not { Tier: ActionTier.Refer })
        {
            faults.Add($"defaultReferralId '{DefaultReferralId}': must be a referral action");
        }

        if (!Actions.Any(a => a.EquipmentHelp && a.Tier == ActionTier.Refer))
        {
            faults.Add("catalogue: needs at least one referral action giving equipment or connection help");
        }

        return faults;
    }
}
