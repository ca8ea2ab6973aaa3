using System.Security.Claims;
using Aiguillage.Domain.Referrals;
using Aiguillage.Web.Platform.Security;

namespace Aiguillage.Web.Features.Referrals;

/// <summary>The referral journey over HTTP: create (with consent), read, act.</summary>
public static class ReferralsApi
{
    public sealed record CreateReferral(Guid DiagnosticId, string? PlaceId, Guid? SessionId, bool Consent, string? FirstName, string? Phone, string? Email);

    /// <summary><c>action</c>: Contacted, Enrol, Attended, Absent, Complete, Decline or Abandon; <c>reason</c> (for Decline): a <see cref="DeclineReason"/> name.</summary>
    public sealed record ActOnReferral(string? Action, Guid? SessionId, string? Reason);

    public static IEndpointRouteBuilder MapReferralsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/referrals").WithTags("Orientations").AddEndpointFilter<Platform.Web.ApiInputGuard>();
        group.MapPost("/", async (CreateReferral body, ReferralService referrals, ClaimsPrincipal user, CancellationToken ct) =>
            Answer(await referrals.CreateAsync(new ReferralRequest(body.DiagnosticId, body.PlaceId, body.SessionId, body.Consent, body.FirstName, body.Phone, body.Email), UserId(user), ct), created: true))
            .RequireAuthorization(Policies.DiagnosticWriter).WithName("CreateReferral");
        group.MapGet("/{id:guid}", async (Guid id, ReferralService referrals, CancellationToken ct) =>
            await referrals.FindAsync(id, ct) is { } r ? Results.Ok(View(r)) : Results.Problem(statusCode: 404, title: "Orientation introuvable"))
            .RequireAuthorization(Policies.ReferralReader).WithName("GetReferral");
        group.MapPost("/{id:guid}/actions", async (Guid id, ActOnReferral body, ReferralService referrals, ClaimsPrincipal user, CancellationToken ct) =>
            // The scope first: a foreign or missing referral answers 404 whatever the body, like the other endpoints.
            await referrals.FindAsync(id, ct) is null
                ? Results.Problem(statusCode: 404, title: "Orientation introuvable")
                : !Enum.TryParse<ReferralAction>(body.Action, ignoreCase: true, out var action) || !Enum.IsDefined(action) || int.TryParse(body.Action, out _)
                    ? Results.ValidationProblem(new Dictionary<string, string[]> { ["action"] = ["Indiquez l'action : Contacted, Enrol, Attended, Absent, Complete, Decline ou Abandon."] })
                    : body.Reason is not null && (!Enum.TryParse<DeclineReason>(body.Reason, ignoreCase: true, out var reason) || !Enum.IsDefined(reason) || int.TryParse(body.Reason, out _))
                        ? Results.ValidationProblem(new Dictionary<string, string[]> { ["reason"] = [$"Raison inconnue : {string.Join(", ", Enum.GetNames<DeclineReason>())}."] })
                        : Answer(await referrals.ActAsync(id, action, body.SessionId, body.Reason is null ? null : Enum.Parse<DeclineReason>(body.Reason, ignoreCase: true), UserId(user), ct), created: false))
            .RequireAuthorization(Policies.ReferralReader).WithName("ActOnReferral");
        return app;
    }

    private static string UserId(ClaimsPrincipal user) => user.FindFirstValue(ClaimTypes.NameIdentifier)!;

    private static IResult Answer(ReferralOutcome outcome, bool created) => outcome switch
    {
        { NotFound: true } => Results.Problem(statusCode: 404, title: "Introuvable", detail: "Diagnostic ou orientation introuvable dans votre périmètre."),
        { Referral: { } r } => created ? Results.Created($"/api/v1/referrals/{r.Id}", View(r)) : Results.Ok(View(r)),
        { Conflict: true } => Results.ValidationProblem(outcome.Errors, statusCode: 409, title: "Modifiée entre-temps"),
        _ => Results.ValidationProblem(outcome.Errors, statusCode: 422, title: "Orientation refusée"),
    };

    /// <summary>What the API shows of a referral: never the client's answers, contact details only through the pages.</summary>
    private static object View(Referral r) => new
    {
        r.Id, r.PartnerId, r.OfficeId, r.PlaceId, r.SessionId, r.ProposedSessionId, Status = r.Status.ToString(), StatusLabel = r.Status.Label(),
        r.Needs, r.LevelInWords, r.SentAt, r.OverdueSince, SharesContact = r.SharesContact, r.DeclineReason,
        Events = r.Events.OrderBy(e => e.At).Select(e => new { From = e.From?.ToString(), To = e.To.ToString(), e.At, e.Reason, e.SessionId }),
    };
}
