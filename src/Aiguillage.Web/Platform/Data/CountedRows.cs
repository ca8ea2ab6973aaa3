namespace Aiguillage.Web.Platform.Data;

/// <summary>
/// The shadow column that marks a row as counted by a background fold (steering's cube folds diagnostics, actions and
/// referral events, docs/adr/0010). Plumbing shared by the areas that own those rows and the one that folds them, so it
/// sits here rather than in Steering: the areas' EF configurations name it without depending on Steering (docs/adr/0021).
/// </summary>
public static class CountedRows
{
    public const string Property = "Counted";
}
