using System.Collections.Concurrent;
using Aiguillage.Testing;
using Aiguillage.Testing.Replication;
using Aiguillage.Web.Platform.Notifications;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Npgsql;

namespace Aiguillage.Web.Tests.Platform.Replication;

/// <summary>
/// A PostgreSQL primary and its synchronous streaming standby on localhost, in folders of their own, and two app
/// instances on them (A and B, as behind a load balancer), for one test class. Which server is primary changes as
/// tests fail over: <see cref="Primary"/> and <see cref="Standby"/> follow.
/// </summary>
public sealed class ReplicatedPair : IAsyncLifetime
{
    public const string Database = "aiguillage";

    private readonly string _root = Path.Combine(Path.GetTempPath(), "aiguillage-pair-" + Guid.NewGuid().ToString("N")[..12]);

    public string? SkipReason { get; } = TestEnvironment.SkipReason(PostgresBinaries.Folder is not null, PostgresBinaries.Missing);

    public PostgresServer Primary { get; private set; } = null!;

    public PostgresServer Standby { get; private set; } = null!;

    /// <summary>Both servers, in the order the connection strings give them (the first primary first).</summary>
    public IReadOnlyList<PostgresServer> Servers { get; private set; } = [];

    /// <summary>The cluster's clock, shared by both instances; tests move it to make the background runners tick.</summary>
    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 11, 26, 9, 0, 0, TimeSpan.Zero));

    public Instance A { get; private set; } = null!;

    public Instance B { get; private set; } = null!;

    /// <summary>The app's writing connection, as docs/operations.md gives it: both hosts, whichever is primary.</summary>
    public string WriteConnectionString(int? commandTimeout = null) =>
        Connection("primary", "aiguillage") + (commandTimeout is { } seconds ? $";Command Timeout={seconds}" : string.Empty);

    /// <summary>The app's read-only connection, as docs/operations.md gives it: a standby when one answers, else the primary.</summary>
    public string ReadOnlyConnectionString => Connection("prefer-standby", "aiguillage-lecture");

    private string Connection(string target, string application) =>
        $"Host={string.Join(',', Servers.Select(s => s.HostAndPort))};Target Session Attributes={target};Host Recheck Seconds=1;Timeout=5;"
        + $"Database={Database};Username=postgres;Application Name={application}";

    public async ValueTask InitializeAsync()
    {
        if (SkipReason is not null)
        {
            return;
        }

        PostgresBinaries.NewFolder(_root);
        Primary = await PostgresServer.InitPrimaryAsync(_root, "noeud_a");
        await Primary.ExecuteAsync($"CREATE DATABASE {Database}");
        Standby = await Primary.CloneStandbyAsync("noeud_b");
        await Primary.RequireSynchronousStandbyAsync(Standby);
        Servers = [Primary, Standby];
        A = new Instance("A", this);
        _ = A.Services;   // migrates the database
        B = new Instance("B", this);
        _ = B.Services;
    }

    /// <summary>
    /// The primary dies (SIGKILL); <paramref name="whileDown"/> runs while no server takes writes; the standby is promoted
    /// (<paramref name="afterPromotion"/> runs then); the old primary is rewound and re-attached as the new synchronous standby.
    /// </summary>
    public async Task FailOverAsync(Func<Task>? whileDown = null, Func<Task>? afterPromotion = null)
    {
        await Primary.KillAsync();
        if (whileDown is not null)
        {
            await whileDown();
        }

        await Standby.PromoteAsync();
        (Primary, Standby) = (Standby, Primary);
        if (afterPromotion is not null)
        {
            await afterPromotion();
        }

        await Standby.RewindAsStandbyOfAsync(Primary);
        await Primary.RequireSynchronousStandbyAsync(Standby);
    }

    public async ValueTask DisposeAsync()
    {
        if (A is not null)
        {
            await A.DisposeAsync();
        }

        if (B is not null)
        {
            await B.DisposeAsync();
        }

        NpgsqlConnection.ClearAllPools();
        foreach (var server in Servers)
        {
            await server.KillAsync();
        }

        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    /// <summary>What the background runners did, by instance: which ran the once-a-day test job, how many ticks each made.</summary>
    public ConcurrentQueue<string> DailyRuns { get; } = new();

    public ConcurrentDictionary<string, int> Ticks { get; } = new();

    /// <summary>One app instance, its background runner on (e-mail as files in its own folder), on the pair's clock.</summary>
    public sealed class Instance(string name, ReplicatedPair pair) : InstanceApp(pair.WriteConnectionString(), pair.ReadOnlyConnectionString)
    {
        public string Name { get; } = name;

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureTestServices(s =>
            {
                s.AddSingleton<TimeProvider>(pair.Clock);
                s.AddScoped<IDailyJob>(_ => new RecordingDailyJob(Name, pair.DailyRuns));
                s.AddScoped<IFrequentJob>(_ => new TickJob(Name, pair.Ticks));
            });
        }
    }

    /// <summary>A daily job that says which instance ran it: it must run once across both.</summary>
    private sealed class RecordingDailyJob(string instance, ConcurrentQueue<string> runs) : IDailyJob
    {
        public string Name => "essai-une-fois-par-jour";

        public Task RunAsync(CancellationToken ct)
        {
            runs.Enqueue(instance);
            return Task.CompletedTask;
        }
    }

    /// <summary>A frequent job of each instance's own (its own row): counts that instance's runner ticks.</summary>
    private sealed class TickJob(string instance, ConcurrentDictionary<string, int> ticks) : IFrequentJob
    {
        public string Name => "essai-tic-" + instance;

        public Task RunAsync(CancellationToken ct)
        {
            ticks.AddOrUpdate(instance, 1, (_, n) => n + 1);
            return Task.CompletedTask;
        }
    }
}
