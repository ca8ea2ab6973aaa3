using System.Globalization;

namespace Aiguillage.Domain.Diagnostics;

/// <summary>
/// The one rule for when a diagnostic may say it was filled (issue 15 §3), used by every path: the assisted flow, the
/// API and paper keying. A date is an instant with its offset; it is not before the programme started, and not in the
/// future — but a device's clock may run a little ahead, and a paper sheet carries a day, not an hour.
/// </summary>
public sealed record FillingDate(DateOnly ProgrammeStart)
{
    /// <summary>The programme's first diagnostics (the article of 2019); configurable by <c>Programme:Start</c>.</summary>
    public static readonly DateOnly DefaultProgrammeStart = new(2019, 1, 1);

    public static FillingDate Default { get; } = new(DefaultProgrammeStart);

    /// <summary>How far a device's clock may run ahead of the server's.</summary>
    public static readonly TimeSpan DeviceAhead = TimeSpan.FromMinutes(5);

    /// <summary>The field every path names in its error.</summary>
    public const string Field = "filledAt";

    /// <summary>
    /// Why this instant cannot be a diagnostic's filling date (null when it can). <paramref name="localOffset"/> is the
    /// office's offset from UTC at reception (Paris: +1 h, +2 h in summer): a paper sheet carries a day, not an hour,
    /// and is dated at noon of that day, so it is accepted when its day is not after the day of keying there — keyed at
    /// 00:10, today's sheet is still ahead; at 23:50, tomorrow's is less than a day ahead and still refused.
    /// </summary>
    public DomainException? Check(DiagnosticMode mode, DateTime filledAtUtc, DateTime receivedAtUtc, TimeSpan localOffset)
    {
        // The start is a day of the office's calendar: its midnight there.
        if (filledAtUtc < ProgrammeStart.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc) - localOffset)
        {
            var day = ProgrammeStart.Day == 1 ? "1er" : ProgrammeStart.Day.ToString(CultureInfo.InvariantCulture);
            return new DomainException("diagnostic.filled-before-programme",
                $"La date de remplissage ne peut pas être avant le début du programme, le {day} {ProgrammeStart.ToString("MMMM yyyy", CultureInfo.GetCultureInfo("fr-FR"))}.", Field);
        }

        var tooLate = mode == DiagnosticMode.Paper
            ? filledAtUtc >= (receivedAtUtc + localOffset).Date.AddDays(1) - localOffset   // from midnight after the day of keying, office time
            : filledAtUtc > receivedAtUtc + DeviceAhead;
        return tooLate
            ? new DomainException("diagnostic.filled-in-future", "La date de remplissage ne peut pas être dans le futur.", Field)
            : null;
    }

    /// <summary>
    /// Reads an ISO 8601 date and time that carries its offset (« 2026-11-30T10:00:00Z », « …+01:00 »). A time without
    /// an offset is refused: read on a server in another zone it would move by hours.
    /// </summary>
    public static bool TryRead(string? text, out DateTimeOffset value)
    {
        value = default;
        if (string.IsNullOrWhiteSpace(text) || text.Length > 40)
        {
            return false;
        }

        // The offset is the last part: « Z », or « +hh:mm » / « -hh:mm » after the time (the date's own dashes come before « T »).
        var t = text.IndexOfAny(['T', 't']);
        if (t < 0)
        {
            return false;
        }

        var time = text[(t + 1)..];
        var hasOffset = time.EndsWith('Z') || time.EndsWith('z') || time.Contains('+', StringComparison.Ordinal) || time.Contains('-', StringComparison.Ordinal);
        return hasOffset && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out value);
    }

    /// <summary>The message for a date that does not parse or has no offset.</summary>
    public const string FormatMessage = "Donnez la date et l'heure au format ISO 8601 avec le fuseau, par exemple « 2026-11-30T10:00:00+01:00 » ou « 2026-11-30T09:00:00Z ».";
}
