using Aiguillage.Domain;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace Aiguillage.Web.Platform.Web;

/// <summary>Why a command was refused: bad input, a change made by someone else meanwhile, or nothing of that id in scope.</summary>
public enum RefusalKind
{
    Invalid,
    Conflict,
    NotFound,
}

/// <summary>
/// The one shape in which a service refuses a command (docs/adr/0021): the field at fault, as the domain names it
/// (« Seats », « Consent »), and the French message. A page turns it into a form error (<see cref="Refusals.AddTo"/>),
/// an endpoint into problem+json (<see cref="Refusals.ToProblem"/>): each in one place.
/// </summary>
/// <paramref name="Code"/>: the domain's stable code of the rule, when a page reacts to one rule in particular.
public sealed record Refusal(string Field, string Message, RefusalKind Kind = RefusalKind.Invalid, string? Code = null)
{
    public static Refusal NotFound { get; } = new(string.Empty, "Introuvable.", RefusalKind.NotFound);

    public static Refusal Conflict(string field, string message) => new(field, message, RefusalKind.Conflict);

    /// <summary>The domain's refusal, on its own field or, when it names none, on <paramref name="field"/>.</summary>
    public static Refusal From(DomainException e, string field) => new(e.Field ?? field, e.Message, Code: e.Code);
}

/// <summary>A service's answer: what it made or changed, or why not. <paramref name="Replayed"/>: the same id sent again, answered with what was stored.</summary>
public readonly record struct Outcome<T>(T? Value, Refusal? Refusal, bool Replayed = false)
    where T : class
{
    public static implicit operator Outcome<T>(T value) => new(value, null);

    public static implicit operator Outcome<T>(Refusal refusal) => new(null, refusal);
}

public static class Refusals
{
    /// <summary>
    /// Runs a change the domain may refuse; its <see cref="DomainException"/> becomes a <see cref="Refusal"/> on its own
    /// field or on <paramref name="field"/>. Null when the change was made. The one place a page or service catches it.
    /// </summary>
    public static Refusal? Try(Action change, string field)
    {
        try
        {
            change();
            return null;
        }
        catch (DomainException e)
        {
            return Refusal.From(e, field);
        }
    }

    /// <summary>The same for a change that awaits (a service that saves).</summary>
    public static async Task<Refusal?> TryAsync(Func<Task> change, string field)
    {
        try
        {
            await change();
            return null;
        }
        catch (DomainException e)
        {
            return Refusal.From(e, field);
        }
    }

    /// <summary>The same for a change that gives something back.</summary>
    public static Outcome<T> TryGet<T>(Func<T> change, string field)
        where T : class
    {
        try
        {
            return change();
        }
        catch (DomainException e)
        {
            return Refusal.From(e, field);
        }
    }

    /// <summary>The refusal as a form error, under the form's prefix (« Input » for <c>Input.Name</c>), the field as the form names it.</summary>
    public static void AddTo(this Refusal refusal, ModelStateDictionary modelState, string? prefix = null)
    {
        var field = refusal.Field.Length == 0 ? refusal.Field : char.ToUpperInvariant(refusal.Field[0]) + refusal.Field[1..];
        modelState.AddModelError(prefix is null || field.Length == 0 ? field : $"{prefix}.{field}", refusal.Message);
    }

    /// <summary>The refusal as problem+json: 404, 409 or 422, the field camel-cased as the JSON names it.</summary>
    public static IResult ToProblem(this Refusal refusal, string title, string? notFoundDetail = null) => refusal.Kind switch
    {
        RefusalKind.NotFound => Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Introuvable", detail: notFoundDetail),
        _ => Results.ValidationProblem(
            new Dictionary<string, string[]> { [JsonField(refusal.Field)] = [refusal.Message] },
            statusCode: refusal.Kind == RefusalKind.Conflict ? StatusCodes.Status409Conflict : StatusCodes.Status422UnprocessableEntity,
            title: refusal.Kind == RefusalKind.Conflict ? "Modifiée entre-temps" : title),
    };

    /// <summary>« SessionId » as JSON spells it: « sessionId ».</summary>
    public static string JsonField(string field) => field.Length == 0 ? field : char.ToLowerInvariant(field[0]) + field[1..];
}
