using Aiguillage.Web.Platform.Web;

namespace Aiguillage.Web.Platform.Notifications;

/// <summary>A job run at every tick of the runner, by one instance at a time (see <see cref="JobScheduler"/>).</summary>
public interface IFrequentJob
{
    string Name { get; }

    Task RunAsync(CancellationToken ct);
}

/// <summary>A job run once a day by one instance (see <see cref="JobScheduler"/>).</summary>
public interface IDailyJob
{
    string Name { get; }

    Task RunAsync(CancellationToken ct);
}

/// <summary>
/// Every few seconds: sends what the outbox holds, and runs the daily jobs that are due. Every instance runs it;
/// the rows' claims make each message and each daily run happen once.
/// </summary>
public sealed class BackgroundRunner(IServiceScopeFactory scopes, MailOptions options, TimeProvider clock, ILogger<BackgroundRunner> logger) : BackgroundService
{
    /// <summary>Daily jobs run at 7 h, Paris time, before offices and associations open.</summary>
    public static DateTime NextDailyRun(DateTime nowUtc)
    {
        var paris = ParisTime.ToParis(nowUtc);
        var next = paris.Date.AddHours(7);
        if (next <= paris)
        {
            next = next.AddDays(1);
        }

        return TimeZoneInfo.ConvertTimeToUtc(DateTime.SpecifyKind(next, DateTimeKind.Unspecified), ParisTime.Zone);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(Math.Max(0.5, options.PollSeconds)), clock);
        do
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var services = scope.ServiceProvider;
                await services.GetRequiredService<OutboxDispatcher>().DispatchAsync(50, stoppingToken);
                var scheduler = services.GetRequiredService<JobScheduler>();
                foreach (var job in services.GetServices<IFrequentJob>())
                {
                    if (await scheduler.TryClaimAsync(job.Name, stoppingToken))
                    {
                        await job.RunAsync(stoppingToken);
                        await scheduler.CompleteAsync(job.Name, clock.GetUtcNow().UtcDateTime, stoppingToken);
                    }
                }

                foreach (var job in services.GetServices<IDailyJob>())
                {
                    if (await scheduler.TryClaimAsync(job.Name, stoppingToken))
                    {
                        await job.RunAsync(stoppingToken);
                        await scheduler.CompleteAsync(job.Name, NextDailyRun(clock.GetUtcNow().UtcDateTime), stoppingToken);
                    }
                }
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogError(e, "Background run failed; next try at the next tick");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
