namespace Aiguillage.Domain;

/// <summary>
/// A business rule was broken. <see cref="Code"/> is a stable, machine-readable identifier
/// (e.g. <c>office.dates-out-of-order</c>); <see cref="Message"/> is plain French for the person in front of the screen.
/// The web layer maps it to a 409/422 ProblemDetails or to a form error (ARCHITECTURE §4.5).
/// </summary>
public sealed class DomainException : Exception
{
    public DomainException(string code, string message, string? field = null) : base(message)
    {
        Code = code;
        Field = field;
    }

    public DomainException() : this("domain.error", "Opération refusée.") { }

    public DomainException(string message) : this("domain.error", message) { }

    public DomainException(string message, Exception innerException) : base(message, innerException)
    {
        Code = "domain.error";
    }

    public string Code { get; } = "domain.error";

    /// <summary>The input field the rule is about, when there is one (used to place the error next to it).</summary>
    public string? Field { get; }
}
