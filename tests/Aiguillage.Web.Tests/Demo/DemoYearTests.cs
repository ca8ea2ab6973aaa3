using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Aiguillage.Domain.DigitalPass;
using Aiguillage.Domain.Offices;
using Aiguillage.Domain.Referrals;
using Aiguillage.Testing;
using Aiguillage.Web.Features.ClientMode;
using Aiguillage.Web.Features.Referrals;
using Aiguillage.Web.Features.Steering;
using Aiguillage.Web.Platform.Data;
using Aiguillage.Web.Platform.Notifications;
using Aiguillage.Web.Platform.Startup;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Aiguillage.Web.Tests.Demo;

/// <summary>The app with its year of demo seeded once (issue 20 §4), on a pinned clock: the year is the one before it.</summary>
public abstract class DemoApp(DatabaseProvider provider) : AppFactory(provider)
{
    // A Friday morning in Paris, pinned: the demo's year, and every date in it, follow from it.
    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 11, 20, 9, 30, 0, TimeSpan.Zero));

    private readonly SemaphoreSlim _seeding = new(1, 1);
    private bool _seeded;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Mail:Runner", "false");
        builder.ConfigureTestServices(s => s.AddSingleton<TimeProvider>(Clock));
    }

    /// <summary>Seeds the demo as <c>dotnet run</c> does on an empty database (Demo:Size unset: the year), once.</summary>
    public async Task SeedAsync()
    {
        await _seeding.WaitAsync();
        try
        {
            if (!_seeded)
            {
                using var scope = Services.CreateScope();
                foreach (var demo in scope.ServiceProvider.GetServices<IDemoData>())
                {
                    await demo.SeedAsync(CancellationToken.None);
                }

                _seeded = true;
            }
        }
        finally
        {
            _seeding.Release();
        }
    }
}

public sealed class DemoSqliteApp() : DemoApp(DatabaseProvider.Sqlite);

public sealed class DemoPostgresApp() : DemoApp(DatabaseProvider.PostgreSql);

/// <summary>
/// Issue 20 §4 on the real database: the demo's year has the programme's shape (100 offices then 300, about 15,000
/// diagnostics, every step of a referral, cheques, re-diagnoses, follow-ups, judgements), a manager of the Loire sees
/// the outcomes by partner and by tier and the quality report's DIF flag on the planted question, and the client the
/// demo leaves to the daily job is invited by SMS (a file) and answers the check-in in Arabic.
/// </summary>
public abstract partial class DemoYearTests(DemoApp app) : EngineTests(app)
{
    private static readonly DateTime Now = new(2026, 11, 20, 9, 30, 0, DateTimeKind.Utc);

    [GeneratedRegex(@"/suivi/([A-Za-z0-9_-]{22})")]
    private static partial Regex CheckInLink();

    private async Task<T> InDbAsync<T>(Func<AppDbContext, Task<T>> query)
    {
        await ((DemoApp)App).SeedAsync();
        using var scope = App.Services.CreateScope();
        return await query(scope.ServiceProvider.GetRequiredService<AppDbContext>());
    }

    [Fact]
    public async Task The_year_has_the_programmes_shape()
    {
        var start = DateOnly.FromDateTime(Now.Date.AddDays(-364));
        var offices = await InDbAsync(db => db.Offices.AsNoTracking().Where(o => o.Status == ProgrammeStatus.Active).Select(o => o.ActiveSince).ToListAsync());
        Assert.Equal(300, offices.Count);
        Assert.Equal(100, offices.Count(since => since < start));

        var diagnostics = await InDbAsync(db => db.Diagnostics.CountAsync());
        Assert.InRange(diagnostics, 14_000, 16_000);
        var modes = await InDbAsync(db => db.Diagnostics.GroupBy(d => d.Mode).Select(g => g.Count()).ToListAsync());
        Assert.Equal(3, modes.Count);
        Assert.True(await InDbAsync(db => db.Diagnostics.AllAsync(d => d.FilledAt < Now && d.FilledAt >= Now.AddDays(-366))));

        // Every step of a referral is reached by some, and the timeline of each is one the domain allows.
        var statuses = await InDbAsync(db => db.Referrals.Select(r => r.Status).Distinct().ToListAsync());
        foreach (var status in new[] { ReferralStatus.Sent, ReferralStatus.Contacted, ReferralStatus.Enrolled, ReferralStatus.Attended, ReferralStatus.Absent, ReferralStatus.Completed, ReferralStatus.Declined, ReferralStatus.Abandoned })
        {
            Assert.Contains(status, statuses);
        }

        var steps = await InDbAsync(db => db.Referrals.AsNoTracking().Include(r => r.Events).Take(500).ToListAsync());
        Assert.All(steps, r => Assert.All(r.Events.OrderBy(e => e.Sequence).Skip(1), e => Assert.True(ReferralRules.CanMove(e.From!.Value, e.To), $"{e.From} → {e.To}")));
        Assert.True(await InDbAsync(db => db.Referrals.CountAsync(r => r.RediagnosisId != null)) > 100);
        Assert.True(await InDbAsync(db => db.Cheques.CountAsync(c => c.Status == ChequeStatus.Redeemed)) > 100);
        Assert.True(await InDbAsync(db => db.Cheques.CountAsync(c => c.Status == ChequeStatus.Issued)) > 10);
        Assert.True(await InDbAsync(db => db.FollowUps.CountAsync(f => f.AnsweredAt != null)) > 100);
        Assert.True(await InDbAsync(db => db.FollowUps.CountAsync(f => f.ClosedAt == null)) > 10);   // « Suivis à faire » is not empty
        Assert.True(await InDbAsync(db => db.LevelJudgements.CountAsync()) > 1_000);

        // Seats taken are those of the enrolments, never more than the session has.
        Assert.False(await InDbAsync(db => db.WorkshopSessions.AnyAsync(s => s.SeatsTaken > s.Seats)));

        // Nothing is waiting to be sent from the past: the partners' reminders and the invitations of the year were sent then.
        Assert.Equal(0, await InDbAsync(db => db.Set<OutboxMessage>().CountAsync(m => m.CreatedAt < Now)));
    }

    [Fact]
    public async Task A_manager_of_the_loire_sees_the_outcomes_by_partner_and_by_tier()
    {
        await ((DemoApp)App).SeedAsync();
        using var manager = await App.SignedInAsync(await App.CreateManagerAsync(code: "42"));
        var page = await manager.GetPageAsync("/pilotage/resultats?du=2025-12&au=2026-11");

        var partners = page.QuerySelector("section[aria-labelledby=partenaire] table")!.QuerySelectorAll("tbody tr").Select(r => r.QuerySelectorAll("th, td").Select(c => HttpHelpers.Words(c.TextContent)).ToList()).ToList();
        Assert.Equal(3, partners.Count(r => r[0].Contains("(démo)", StringComparison.Ordinal)));
        Assert.All(partners, r =>
        {
            Assert.True(int.Parse(r[1], NumberStyles.AllowThousands, CultureInfo.GetCultureInfo("fr-FR")) >= 11, r[1]);
            Assert.DoesNotContain("secret", r[4], StringComparison.Ordinal);   // the level's change, with its interval
        });
        Assert.DoesNotContain(partners, r => r[0].Contains("Gers", StringComparison.Ordinal));   // another department's partner

        var tiers = page.QuerySelectorAll("section[aria-labelledby=palier] tbody tr").Select(r => HttpHelpers.Words(r.TextContent)).ToList();
        foreach (var tier in new[] { "Informer", "Accompagner en bureau", "Orienter vers un partenaire" })
        {
            var row = Assert.Single(tiers, t => t.StartsWith(tier, StringComparison.Ordinal));
            Assert.DoesNotContain("secret", row, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task The_quality_report_flags_the_question_planted_harder_in_a_translation()
    {
        await ((DemoApp)App).SeedAsync();
        using var manager = await App.SignedInAsync(await App.CreateManagerAsync(code: "42"));
        var page = await manager.GetPageAsync("/pilotage/qualite?du=2025-12&au=2026-11");
        var flagged = page.QuerySelector("section[aria-labelledby=ecarts] tbody")!.QuerySelectorAll("tr").Select(r => HttpHelpers.Words(r.TextContent)).ToList();
        var k5 = Assert.Single(flagged, r => r.Contains($"{Features.Demo.DemoYear.PlantedQuestion} ·", StringComparison.Ordinal) && r.Contains("autre langue", StringComparison.Ordinal));
        Assert.Contains("C : écart important", k5, StringComparison.Ordinal);
        Assert.Contains("plus difficile pour : dans une autre langue", k5, StringComparison.Ordinal);
        Assert.Contains(page.QuerySelectorAll("section[aria-labelledby=avis] tbody td"), td => td.TextContent != "secret" && td.TextContent != "0");
    }

    [Fact]
    public async Task Open_data_publishes_the_changes_of_level_as_a_naive_count_finds_them()
    {
        await ((DemoApp)App).SeedAsync();
        using (var scope = App.Services.CreateScope())
        {
            // The cube folds the year's diagnostics and actions (those no longer editable), batch after batch, as the runner would.
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var waited = System.Diagnostics.Stopwatch.StartNew();
            while (await SteeringCube.AnyUnfoldedDiagnosticAsync(db, Now.AddYears(1), CancellationToken.None)
                || await db.RecordedActions.AnyAsync(a => !EF.Property<bool>(a, SteeringCube.CountedProperty) && a.CreatedAt < Now - Domain.Activity.RecordedAction.EditableFor))
            {
                Assert.True(waited.Elapsed < TimeSpan.FromMinutes(2), "The demo year is still not folded after two minutes: a transaction of this database stays open.");
                await scope.ServiceProvider.GetRequiredService<SteeringCube>().RunAsync(CancellationToken.None);
                await Task.Delay(20);
            }
        }

        using var visitor = App.Browser();
        var file = Encoding.UTF8.GetString((await visitor.GetByteArrayAsync(new Uri($"/donnees-ouvertes?handler=File&table={OpenDataPublication.Changes}&format=csv", UriKind.Relative)))[3..]);
        var lines = file.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r').Split(';')).ToList();
        var october = Assert.Single(lines, l => l[0] == "42" && l[1] == "2026-10");

        // The same figures counted naively: each diagnostic of October 2026 (Paris) in the Loire against its client's
        // previous one, in level values, and what the office did after that one.
        var (from, to) = (new DateTime(2026, 9, 30, 22, 0, 0, DateTimeKind.Utc), new DateTime(2026, 10, 31, 23, 0, 0, DateTimeKind.Utc));
        var loire = await InDbAsync(db => db.Offices.Where(o => o.DepartmentCode == "42").Select(o => o.Id).ToListAsync());
        var all = await InDbAsync(db => db.Diagnostics.AsNoTracking().Where(d => d.ClientId != null).Select(d => new { d.Id, d.ClientId, d.FilledAt, d.Level, d.OfficeId }).ToListAsync());
        var actions = await InDbAsync(db => db.RecordedActions.AsNoTracking().Where(a => a.DiagnosticId != null).Select(a => new { a.DiagnosticId, a.Kind }).ToListAsync());
        var referred = (await InDbAsync(db => db.Referrals.AsNoTracking().Select(r => r.DiagnosticId).ToListAsync())).ToHashSet();
        var naive = new Dictionary<string, long>();
        var total = 0L;
        foreach (var d in all.Where(d => d.FilledAt >= from && d.FilledAt < to && loire.Contains(d.OfficeId)))
        {
            var before = all.Where(p => p.ClientId == d.ClientId && p.FilledAt < d.FilledAt).OrderBy(p => p.FilledAt).LastOrDefault();
            if (before is null)
            {
                continue;
            }

            var kinds = actions.Where(a => a.DiagnosticId == before.Id).Select(a => a.Kind).ToList();
            var tier = referred.Contains(before.Id) || kinds.Contains(Domain.Activity.ActionKind.ReferralProposed) ? "Orienter vers un partenaire"
                : kinds.Contains(Domain.Activity.ActionKind.Accompanied) ? "Accompagner en bureau" : kinds.Count > 0 ? "Informer" : "Aucune action notée";
            var change = d.Level - before.Level;
            var band = change < 0 ? "en baisse" : change == 0 ? "même niveau" : change == 1 ? "+1 niveau" : "+2 niveaux ou plus";
            naive[$"{tier} : {band}"] = naive.GetValueOrDefault($"{tier} : {band}") + 1;
            total++;
        }

        Assert.True(total >= 11, $"{total} re-diagnoses in October");
        Assert.Equal(total.ToString(CultureInfo.InvariantCulture), october[2]);
        var published = 0;
        foreach (var (label, value) in lines[0].Skip(3).Zip(october.Skip(3)))
        {
            var expected = naive.GetValueOrDefault(label);
            if (value == OpenDataModel.Secret)
            {
                Assert.NotEqual(0, expected);   // only a count from 1 to 10, or one that would give it back, is hidden
            }
            else
            {
                Assert.Equal(expected, long.Parse(value, CultureInfo.InvariantCulture));
                published += expected >= 11 ? 1 : 0;
            }
        }

        Assert.True(published >= 1, "at least one change is large enough to be published");
        Assert.Equal(naive.Keys.Order(StringComparer.Ordinal), lines[0].Skip(3).Where(naive.ContainsKey).Order(StringComparer.Ordinal));

        // The check-ins of the month, one table per question, both adding up to the same answers.
        foreach (var table in new[] { OpenDataPublication.CheckInAttended, OpenDataPublication.CheckInHelps })
        {
            var rows = Encoding.UTF8.GetString((await visitor.GetByteArrayAsync(new Uri($"/donnees-ouvertes?handler=File&table={table}&format=csv", UriKind.Relative)))[3..]);
            Assert.Contains(rows.Split('\n'), l => l.StartsWith("42;2026-10;", StringComparison.Ordinal) && !l.Split(';')[2].Equals(OpenDataModel.Secret, StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task The_client_left_to_the_daily_job_is_invited_by_sms_and_answers_in_arabic()
    {
        await ((DemoApp)App).SeedAsync();
        using (var scope = App.Services.CreateScope())
        {
            var job = scope.ServiceProvider.GetRequiredService<FollowUpJob>();
            await job.RunAsync(CancellationToken.None);
            while (await scope.ServiceProvider.GetRequiredService<OutboxDispatcher>().DispatchAsync(100, CancellationToken.None) > 0)
            {
            }
        }

        string? text = null;
        foreach (var file in Directory.GetFiles(App.SmsOutboxFolder, "*.json"))
        {
            using var json = JsonDocument.Parse(await File.ReadAllBytesAsync(file));
            if (json.RootElement.GetProperty("to").GetString() == "+33612345678")
            {
                text = json.RootElement.GetProperty("text").GetString();
            }
        }

        var arabic = App.Services.GetRequiredService<LanguageCatalog>().Find("ar")!;
        Assert.NotNull(text);
        var token = CheckInLink().Match(text).Groups[1].Value;
        Assert.Equal(string.Format(CultureInfo.InvariantCulture, arabic.Text("checkin.sms"), "Samira", $"https://aiguillage.test/suivi/{token}"), text);

        using var client = App.CreateClient(new() { AllowAutoRedirect = false });
        var page = await client.GetPageAsync($"/suivi/{token}");
        Assert.Equal("ar", page.DocumentElement.GetAttribute("lang"));
        Assert.Equal(arabic.Text("checkin.attended"), page.QuerySelector("#Attended-text")!.TextContent);
        using var answered = await client.PostFormAsync($"/suivi/{token}", [new("Attended", "Yes"), new("Helps", "Yes")]);
        Assert.Equal(HttpStatusCode.OK, answered.StatusCode);
        Assert.Contains(arabic.Text("checkin.thanks.title"), await answered.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.True(await InDbAsync(db => db.FollowUps.AnyAsync(f => f.Language == "ar" && f.Attended == CheckInAnswer.Yes && f.Helps == CheckInAnswer.Yes && f.AnsweredAt == Now)));
    }
}

public sealed class DemoYearTests_Sqlite(DemoSqliteApp app) : DemoYearTests(app), IClassFixture<DemoSqliteApp>
{
    /// <summary>Deterministic: a second empty database seeded at the same moment holds the same records, ids and dates included.</summary>
    [Fact]
    public async Task The_same_moment_gives_the_same_year()
    {
        await using var other = new DemoSqliteApp();
        await other.SeedAsync();
        await ((DemoApp)App).SeedAsync();

        static async Task<string> DigestAsync(AppFactory app)
        {
            using var scope = app.Services.CreateScope();
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var diagnostics = await db.Diagnostics.AsNoTracking().OrderBy(d => d.Id).Select(d => $"{d.Id}|{d.FilledAt:O}|{d.Level}|{d.Mode}|{d.ClientId}").ToListAsync();
            var referrals = await db.Referrals.AsNoTracking().OrderBy(r => r.Id).Select(r => $"{r.Id}|{r.Status}|{r.StatusChangedAt:O}|{r.RediagnosisId}").ToListAsync();
            var cheques = await db.Cheques.AsNoTracking().Where(c => c.ClientId != null).OrderBy(c => c.Number).Select(c => $"{c.Number}|{c.Status}|{c.ClientId}").ToListAsync();
            return string.Join("\n", diagnostics.Concat(referrals).Concat(cheques));
        }

        var (mine, theirs) = (await DigestAsync(App), await DigestAsync(other));
        Assert.True(mine.Length > 100_000);
        Assert.Equal(mine, theirs);
    }
}

public sealed class DemoYearTests_PostgreSql(DemoPostgresApp app) : DemoYearTests(app), IClassFixture<DemoPostgresApp>;
