using Aiguillage.Domain.Offices;
using Microsoft.EntityFrameworkCore;

namespace Aiguillage.Web.Features.Offices;

/// <summary>One office offered in a field's list: the site code is what the form sends.</summary>
public sealed record OfficeChoice(string SiteCode, string Name, string City);

/// <summary>
/// The offices a field offers to choose from (issue 18: choose, instead of typing « 08013A »): an HTML list
/// (<c>datalist</c>) that the browser filters as one types a name, a commune or a code — no script, and the code can
/// still be typed. The list is the offices of the programme (or of a department), a few hundred at most.
/// </summary>
public static class OfficeChoices
{
    /// <summary>Enough for every programme office of a region; a longer list would weigh on old machines.</summary>
    public const int Max = 1500;

    public static Task<List<OfficeChoice>> ChoicesAsync(this IQueryable<Office> offices, CancellationToken ct) =>
        offices.OrderBy(o => o.Name).Take(Max).Select(o => new OfficeChoice(o.SiteCode, o.Name, o.City)).ToListAsync(ct);
}
