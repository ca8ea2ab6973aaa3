using Aiguillage.Domain.Offices;
using Aiguillage.Web.Platform.Data;
using Aiguillage.Web.Platform.Security;
using Microsoft.EntityFrameworkCore;

namespace Aiguillage.Web.Features.Offices;

public sealed record OfficeSummary(int Id, string SiteCode, string Name, string Type, string PostCode, string City, string DepartmentCode, string Status);

public sealed record OfficeDetail(
    int Id, string SiteCode, string Name, string Type, string? Address, string PostCode, string City, string InseeCode,
    string DepartmentCode, string RegionCode, double Latitude, double Longitude, string Status, DateOnly? PilotSince,
    DateOnly? ActiveSince, IReadOnlyList<string> PresenceDays, IReadOnlyList<string> Machines);

/// <summary>JSON read access to the offices a user may see. A foreign office answers 404 like a missing one.</summary>
public static class OfficesApi
{
    public const int PageSize = 100;

    public static IEndpointRouteBuilder MapOfficesApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/offices").RequireAuthorization(Policies.OfficeReader).WithTags("Bureaux");

        group.MapGet("/", async (AppDbContext db, ScopeService scopes, string? q, int? page, CancellationToken ct) =>
        {
            if (page is < 1)
            {
                return Results.ValidationProblem(new Dictionary<string, string[]> { ["page"] = ["La page commence à 1."] });
            }

            if (q is { Length: > 100 })
            {
                return Results.ValidationProblem(new Dictionary<string, string[]> { ["q"] = ["La recherche compte 100 caractères au plus."] });
            }

            var scope = await scopes.GetAsync(ct);
            var offices = await db.Offices.VisibleTo(scope).Matching(q).OrderBy(o => o.Name)
                .Skip(((page ?? 1) - 1) * PageSize).Take(PageSize)
                .Select(o => new { o.Id, o.SiteCode, o.Name, o.Type, o.PostCode, o.City, o.DepartmentCode, o.Status })
                .ToListAsync(ct);
            return Results.Ok(offices.Select(o => new OfficeSummary(o.Id, o.SiteCode, o.Name, o.Type.Label(), o.PostCode, o.City, o.DepartmentCode, o.Status.Label())));
        }).WithName("ListOffices").WithSummary("Les bureaux de poste de votre périmètre").Produces(StatusCodes.Status200OK);

        group.MapGet("/{id:int}", async (int id, AppDbContext db, ScopeService scopes, CancellationToken ct) =>
        {
            var scope = await scopes.GetAsync(ct);
            var o = await db.Offices.VisibleTo(scope).AsNoTracking().FirstOrDefaultAsync(o => o.Id == id, ct);
            return o is null
                ? Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Bureau introuvable", detail: $"Aucun bureau {id} dans votre périmètre.")
                : Results.Ok(new OfficeDetail(
                    o.Id, o.SiteCode, o.Name, o.Type.Label(), o.Address, o.PostCode, o.City, o.InseeCode, o.DepartmentCode, o.RegionCode,
                    o.Latitude, o.Longitude, o.Status.Label(), o.PilotSince, o.ActiveSince,
                    [.. WeekdaysExtensions.All.Where(d => o.PresenceDays.HasFlag(d.Day)).Select(d => d.Label)], [.. o.Machines.Labels()]));
        }).WithName("GetOffice").WithSummary("Un bureau de poste de votre périmètre").Produces(StatusCodes.Status200OK).ProducesProblem(StatusCodes.Status404NotFound);

        return app;
    }
}
