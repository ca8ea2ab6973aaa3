using System.Security.Claims;
using Aiguillage.Domain.Partners;
using Aiguillage.Web.Platform.Data;
using Aiguillage.Web.Platform.Security;
using Aiguillage.Web.Platform.Web;
using Microsoft.EntityFrameworkCore;

namespace Aiguillage.Web.Features.Partners.ApiKeys;

/// <summary>
/// The partner's own workshop sessions over HTTP (issue 21 §4), for its staff signed in or its tools with a key: list
/// them, plan one (an id chosen by the tool, so that a retry makes one session), cancel one through the same rules as
/// the pages. Another partner's session, workshop or place answers 404, like a missing one.
/// </summary>
public static class PartnerApi
{
    /// <summary>A session to plan: in one of the partner's places (<c>placeId</c>) or a post office (<c>officeSiteCode</c>); times with their offset.</summary>
    public sealed record PlanSession(Guid Id, Guid WorkshopId, DateTimeOffset? StartsAt, DateTimeOffset? EndsAt, int? Seats, string? PlaceId, string? OfficeSiteCode);

    /// <summary>
    /// The same id again: the same session (workshop, times to the second, seats, venue) answers 200; anything else —
    /// another session, another partner's — is a conflict, which tells nothing but that the id is taken.
    /// </summary>
    private static IResult Replay(WorkshopSession existing, PlanSession body, Guid workshopId)
    {
        static long Seconds(DateTime utc) => utc.Ticks / TimeSpan.TicksPerSecond;
        var same = existing.WorkshopId == workshopId && body.StartsAt is { } starts && body.EndsAt is { } ends
            && Seconds(starts.UtcDateTime) == Seconds(existing.StartsAt) && Seconds(ends.UtcDateTime) == Seconds(existing.EndsAt) && body.Seats == existing.Seats
            && (existing.PlaceId ?? string.Empty) == (body.PlaceId ?? string.Empty);
        return same ? Results.Ok(new { existing.Id }) : Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "Identifiant déjà pris", detail: "Une autre séance porte déjà cet identifiant.");
    }

    public static IEndpointRouteBuilder MapPartnerApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/partner").WithTags("Partenaire").AddEndpointFilter<ApiInputGuard>().RequireAuthorization(Policies.PartnerStaff);
        group.MapGet("/sessions", async (AppDbContext db, ScopeService scopes, TimeProvider clock, CancellationToken ct) =>
        {
            var partnerId = (await scopes.GetAsync(ct)).PartnerId;
            var since = clock.GetUtcNow().UtcDateTime - SessionFeeds.CalendarPast;
            var sessions = await (from s in db.WorkshopSessions.AsNoTracking()
                                  join w in db.Workshops on s.WorkshopId equals w.Id
                                  where w.PartnerId == partnerId && s.EndsAt > since
                                  orderby s.StartsAt
                                  select new { s.Id, s.WorkshopId, w.Title, s.StartsAt, s.EndsAt, s.Seats, s.SeatsTaken, s.PlaceId, s.OfficeId, Cancelled = s.CancelledAt != null })
                .Take(2_000).ToListAsync(ct);
            return Results.Ok(sessions);
        }).WithName("ListPartnerSessions").WithSummary("Les séances de l'organisation (à venir et des 30 derniers jours)")
            .Produces(StatusCodes.Status200OK).ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);

        group.MapPost("/sessions", async (PlanSession body, AppDbContext db, ScopeService scopes, TimeProvider clock, CancellationToken ct) =>
        {
            var partnerId = (await scopes.GetAsync(ct)).PartnerId;
            if (body.Id == Guid.Empty)
            {
                return Results.ValidationProblem(new Dictionary<string, string[]> { ["id"] = ["Donnez à la séance un identifiant (un UUID choisi par votre logiciel)."] });
            }

            var workshop = await db.Workshops.FirstOrDefaultAsync(w => w.Id == body.WorkshopId && w.PartnerId == partnerId, ct);
            if (workshop is null)
            {
                return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Atelier introuvable", detail: "Aucun atelier de votre organisation avec cet identifiant.");
            }

            if (await db.WorkshopSessions.AsNoTracking().FirstOrDefaultAsync(s => s.Id == body.Id, ct) is { } existing)
            {
                await Aiguillage.Web.Platform.Data.SynchronousReplicationGuard.ConfirmReplicatedAsync(db, ct);
                return Replay(existing, body, workshop.Id);
            }

            var errors = new Dictionary<string, string[]>();
            if (body.StartsAt is null)
            {
                errors["startsAt"] = ["Indiquez le début, avec son décalage horaire (par exemple 2026-12-15T14:00:00+01:00)."];
            }

            if (body.EndsAt is null)
            {
                errors["endsAt"] = ["Indiquez la fin, avec son décalage horaire."];
            }

            if (body.Seats is null)
            {
                errors["seats"] = ["Indiquez le nombre de places."];
            }

            GeoPoint location = default;
            int? officeId = null;
            string? placeId = null;
            if (string.IsNullOrWhiteSpace(body.PlaceId) == string.IsNullOrWhiteSpace(body.OfficeSiteCode))
            {
                errors["placeId"] = ["Indiquez un lieu de votre organisation (placeId) ou un bureau de poste (officeSiteCode), l'un ou l'autre."];
            }
            else if (!string.IsNullOrWhiteSpace(body.PlaceId))
            {
                var place = await db.Places.AsNoTracking().Where(p => p.Id == body.PlaceId && p.PartnerId == partnerId).Select(p => new { p.Id, p.Latitude, p.Longitude }).FirstOrDefaultAsync(ct);
                if (place is not { Latitude: { } lat, Longitude: { } lon })
                {
                    errors["placeId"] = [place is null ? "Aucun lieu de votre organisation avec cet identifiant." : "Ce lieu n'a pas de coordonnées : complétez sa fiche."];
                }
                else
                {
                    (placeId, location) = (place.Id, new GeoPoint(lat, lon));
                }
            }
            else
            {
                var code = body.OfficeSiteCode!.Trim().ToUpperInvariant();
                if (await db.Offices.AsNoTracking().Where(o => o.SiteCode == code).Select(o => new { o.Id, o.Latitude, o.Longitude }).FirstOrDefaultAsync(ct) is { } office)
                {
                    (officeId, location) = (office.Id, new GeoPoint(office.Latitude, office.Longitude));
                }
                else
                {
                    errors["officeSiteCode"] = ["Aucun bureau de poste avec ce code de site."];
                }
            }

            if (errors.Count > 0)
            {
                return Results.ValidationProblem(errors, title: "Séance refusée");
            }

            WorkshopSession? session = null;
            if (Refusals.Try(() => session = new WorkshopSession(body.Id, workshop, body.StartsAt!.Value.UtcDateTime, body.EndsAt!.Value.UtcDateTime, body.Seats!.Value, placeId, officeId,
                    clock.GetUtcNow().UtcDateTime, location), "startsAt") is { } refused)
            {
                return refused.ToProblem("Séance refusée");
            }

            db.WorkshopSessions.Add(session!);
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateException failure) when (!Aiguillage.Web.Platform.Data.DatabaseUnavailable.Is(failure))
            {
                // Two identical calls at once: the other one stored it first (its key); anything else is not ours to hide.
                db.ChangeTracker.Clear();
                if (await db.WorkshopSessions.AsNoTracking().FirstOrDefaultAsync(s => s.Id == body.Id, ct) is not { } stored)
                {
                    throw;
                }

                await Aiguillage.Web.Platform.Data.SynchronousReplicationGuard.ConfirmReplicatedAsync(db, ct);
                return Replay(stored, body, workshop.Id);
            }

            return Results.Created($"/api/v1/partner/sessions/{session!.Id}", new { session.Id });
        }).WithName("PlanPartnerSession").WithSummary("Planifier une séance d'un atelier de l'organisation")
            .Produces(StatusCodes.Status201Created).Produces(StatusCodes.Status200OK).ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);

        group.MapPost("/sessions/{id:guid}/cancel", async (Guid id, AppDbContext db, ScopeService scopes, SessionChanges changes, ClaimsPrincipal user, CancellationToken ct) =>
        {
            var partnerId = (await scopes.GetAsync(ct)).PartnerId;
            var session = await db.WorkshopSessions.FirstOrDefaultAsync(s => s.Id == id && db.Workshops.Any(w => w.Id == s.WorkshopId && w.PartnerId == partnerId), ct);
            if (session is null)
            {
                return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Séance introuvable");
            }

            return await changes.CancelAsync(session, user.FindFirstValue(ClaimTypes.NameIdentifier)!, ct) is { } refused
                ? refused.ToProblem("Annulation refusée")
                : Results.Ok(new { session.Id, Cancelled = true });
        }).WithName("CancelPartnerSession").WithSummary("Annuler une séance (les clients inscrits reviennent à « contacté », leurs médiateurs prévenus)")
            .Produces(StatusCodes.Status200OK).ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }
}
