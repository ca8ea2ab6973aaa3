using System.Collections.Concurrent;
using Aiguillage.Testing;
using Aiguillage.Web.Platform.Data;
using Aiguillage.Web.Platform.Notifications;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Aiguillage.Web.Tests.Referrals;

public abstract class OutboxTests(AppFactory app) : EngineTests(app)
{
    /// <summary>The SMTP boundary: records what would have been sent.</summary>
    private sealed class RecordingSender : IMailSender
    {
        public ConcurrentBag<Guid> Sent { get; } = [];

        public async Task SendAsync(OutboxMessage message, CancellationToken ct)
        {
            await Task.Delay(5, ct);
            Sent.Add(message.Id);
        }
    }

    [Fact]
    public async Task Several_runners_at_once_send_each_message_once_and_the_same_event_is_written_once()
    {
        var key = $"test:{Guid.NewGuid():N}";
        using (var scope = App.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            Outbox.Add(db, key, [.. Enumerable.Range(0, 30).Select(i => $"personne{i}@test.fr"), "PERSONNE0@test.fr"], "Sujet", "Corps", DateTime.UtcNow);
            await db.SaveChangesAsync();
            Assert.Equal(30, await db.Outbox.CountAsync(m => m.EventKey == key));   // one row per recipient, whatever the case

            Outbox.Add(db, key, ["personne1@test.fr"], "Sujet", "Corps", DateTime.UtcNow);
            await Assert.ThrowsAnyAsync<DbUpdateException>(() => db.SaveChangesAsync());   // the same event twice for a recipient cannot be written
        }

        var sender = new RecordingSender();
        async Task RunAsync()
        {
            using var scope = App.Services.CreateScope();
            var dispatcher = new OutboxDispatcher(scope.ServiceProvider.GetRequiredService<AppDbContext>(), sender, scope.ServiceProvider.GetRequiredService<ISmsSender>(), [], TimeProvider.System, NullLogger<OutboxDispatcher>.Instance);
            while (await dispatcher.DispatchAsync(7, CancellationToken.None) > 0)
            {
            }
        }

        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(RunAsync)));
        using var check = App.Services.CreateScope();
        var ids = await check.ServiceProvider.GetRequiredService<AppDbContext>().Outbox.Where(m => m.EventKey == key).Select(m => new { m.Id, m.SentAt }).ToListAsync();
        // The app's own runner takes part too (it writes .eml files): every message went out exactly once overall.
        Assert.Equal(30, ids.Count);
        Assert.All(ids, m =>
        {
            Assert.NotNull(m.SentAt);
            var times = sender.Sent.Count(id => id == m.Id) + (File.Exists(Path.Combine(App.OutboxFolder, $"{m.Id:N}.eml")) ? 1 : 0);
            Assert.Equal(1, times);
        });
    }
}

public sealed class OutboxTests_Sqlite(SqliteApp app) : OutboxTests(app), IClassFixture<SqliteApp>;

public sealed class OutboxTests_PostgreSql(PostgresApp app) : OutboxTests(app), IClassFixture<PostgresApp>;
