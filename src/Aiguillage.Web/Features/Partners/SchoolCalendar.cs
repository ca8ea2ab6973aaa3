using Aiguillage.Domain.Partners.OpeningHours;

namespace Aiguillage.Web.Features.Partners;

/// <summary>
/// The national school calendar that gives <c>SH</c> in opening hours its dates, read once from
/// <c>Content/calendar/vacances-scolaires.csv</c> (its origin in SOURCE.md beside it).
/// </summary>
public static class SchoolCalendar
{
    /// <summary>A malformed file stops the app at start-up with its line number, rather than reading hours wrongly.</summary>
    public static SchoolHolidayCalendar Load(string contentRoot) =>
        SchoolHolidayCalendar.Parse(File.ReadAllText(Path.Combine(contentRoot, "Content", "calendar", "vacances-scolaires.csv")));

    /// <summary>Says in the log, at start-up, when the calendar is about to run out: the next school years must be added.</summary>
    public sealed class ExtentCheck(SchoolHolidayCalendar calendar, TimeProvider clock, ILogger<ExtentCheck> log) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            var today = Platform.Web.ParisTime.Today(clock);
            if (calendar.KnownUntil < today.AddMonths(6))
            {
                log.LogWarning("The school-holiday calendar ends on {KnownUntil}: add the next school years to Content/calendar/vacances-scolaires.csv (see SOURCE.md); after that date, opening hours that say SH are shown as unknown.", calendar.KnownUntil);
            }

            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
