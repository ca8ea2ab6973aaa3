using System.Net;
using Aiguillage.Testing;
using Aiguillage.Web.Features.ClientMode;
using Aiguillage.Web.Features.Diagnostics;
using Aiguillage.Web.Platform.Data;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Aiguillage.Web.Tests.ClientMode;

/// <summary>Issue 17 §3: a pictogram for every question, option and need, each with its file and its licence.</summary>
public sealed class PictogramTests
{
    // The app's own files (wwwroot is served from the project, not copied next to the tests).
    private static readonly string Folder = FindPictos();

    private static string FindPictos()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "src", "Aiguillage.Web", "wwwroot", "pictos");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException("src/Aiguillage.Web/wwwroot/pictos");
    }

    [Fact]
    public void Every_question_option_and_need_of_the_deployed_questionnaire_has_its_own_pictogram_file()
    {
        var definition = QuestionnaireCatalog.Load(Path.Combine(AppContext.BaseDirectory, "Content", "questionnaires", "aisance-numerique-v1.json")).Definition;
        var pictograms = new Pictograms(Folder);
        var missing = definition.Questions.Where(q => !Pictograms.Questions.TryGetValue(q.Id, out var n) || !pictograms.Has(n)).Select(q => "question " + q.Id)
            .Concat(definition.Questions.SelectMany(q => q.Options).Where(o => !Pictograms.Options.TryGetValue(o.Id, out var n) || !pictograms.Has(n)).Select(o => "option " + o.Id))
            .Concat(definition.Needs.Where(n => !Pictograms.Needs.TryGetValue(n.Id, out var name) || !pictograms.Has(name)).Select(n => "need " + n.Id))
            .Distinct().ToList();
        Assert.True(missing.Count == 0, "Without a pictogram: " + string.Join(", ", missing));

        // Inlined, hidden from screen readers (a word says the same), and with the licence line the ISC licence asks for.
        var svg = pictograms.Question("E1").Value!;
        Assert.Contains("aria-hidden=\"true\"", svg, StringComparison.Ordinal);
        Assert.Contains("@license lucide-static", svg, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(Folder, "LICENSE-lucide.txt")));
    }
}

/// <summary>Issue 17 §4: the server's audio when the device has no voice; no button and no error without espeak-ng.</summary>
public sealed class SpeechEngineTests
{
    private static readonly bool Installed = File.Exists("/usr/bin/espeak-ng");

    [Fact]
    public async Task An_arabic_question_becomes_a_valid_sound_file_of_at_least_half_a_second_made_once()
    {
        if (TestEnvironment.SkipReason(Installed, "espeak-ng absent : installez le paquet espeak-ng (CI l'installe) pour lancer ce test.") is { } reason)
        {
            Assert.Skip(reason);
        }

        var cache = Directory.CreateTempSubdirectory("aiguillage-audio-");
        try
        {
            using var engine = new SpeechEngine(new SpeechOptions { CacheFolder = cache.FullName }, AppContext.BaseDirectory, NullLogger<SpeechEngine>.Instance);
            Assert.True(engine.Speaks("ar"));
            Assert.True(engine.Speaks("prs"));
            var path = await engine.AudioAsync("ar", "هل لديك هاتف محمول يتصل بالإنترنت؟. نعم، وأستخدمه. لا", CancellationToken.None);
            Assert.NotNull(path);
            Assert.True(WaveSeconds(await File.ReadAllBytesAsync(path)) >= 0.5);

            // The second time is the cache's file, not a new one.
            var written = File.GetLastWriteTimeUtc(path);
            Assert.Equal(path, await engine.AudioAsync("ar", "هل لديك هاتف محمول يتصل بالإنترنت؟. نعم، وأستخدمه. لا", CancellationToken.None));
            Assert.Equal(written, File.GetLastWriteTimeUtc(path));
            Assert.Single(Directory.GetFiles(cache.FullName, "*.wav", SearchOption.AllDirectories));
        }
        finally
        {
            cache.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Without_espeak_there_is_no_audio_and_no_error()
    {
        using var engine = new SpeechEngine(new SpeechOptions { EspeakPath = "off" }, AppContext.BaseDirectory, NullLogger<SpeechEngine>.Instance);
        Assert.False(engine.IsAvailable);
        Assert.False(engine.Speaks("ar"));
        Assert.Null(await engine.AudioAsync("ar", "نص", CancellationToken.None));
    }

    /// <summary>The length of a RIFF/WAVE file: its data chunk's size over the format's bytes per second.</summary>
    public static double WaveSeconds(byte[] wave)
    {
        Assert.Equal("RIFF", System.Text.Encoding.ASCII.GetString(wave, 0, 4));
        Assert.Equal("WAVE", System.Text.Encoding.ASCII.GetString(wave, 8, 4));
        var byteRate = BitConverter.ToInt32(wave, 28);
        for (var at = 12; at + 8 <= wave.Length;)
        {
            var id = System.Text.Encoding.ASCII.GetString(wave, at, 4);
            var size = BitConverter.ToInt32(wave, at + 4);
            if (id == "data")
            {
                // espeak-ng writing to a file leaves the sizes in the header; a stream would leave them at 0x7fffffff.
                var bytes = size is <= 0 or int.MaxValue ? wave.Length - at - 8 : size;
                return (double)bytes / byteRate;
            }

            at += 8 + size;
        }

        throw new InvalidDataException("no data chunk");
    }
}

/// <summary>The audio endpoint and the « Écouter » button of a screen, with espeak-ng and without it.</summary>
public abstract class ClientAudioTests(AppFactory app) : EngineTests(app)
{
    [Fact]
    public async Task A_screen_offers_the_servers_audio_only_where_espeak_speaks_and_its_audio_is_a_sound_of_the_question()
    {
        var installed = App.Services.GetRequiredService<SpeechEngine>().IsAvailable;
        var office = await App.CreateOfficeAsync();
        using var tablet = await App.SignedInAsync(await App.CreateMediatorAsync(office));
        await ClientModeTests.OpenTabletAsync(tablet, office.Id);
        (await ClientModeTests.ChooseAsync(tablet, "ar")).Dispose();
        var screen = await tablet.GetPageAsync("/client/questions/1");
        var listen = screen.QuerySelector(".listen")!;

        // Hidden until the script finds a voice or the audio: never a button that does nothing.
        Assert.True(listen.HasAttribute("hidden"));
        Assert.Contains("هاتف", listen.GetAttribute("data-speech"), StringComparison.Ordinal);
        Assert.Equal("ar", listen.GetAttribute("data-voices"));
        using var audio = await tablet.GetAsync(new Uri("/client/audio/questions/1", UriKind.Relative));
        if (installed)
        {
            Assert.Equal("/client/audio/questions/1", listen.GetAttribute("data-audio"));
            Assert.Equal(HttpStatusCode.OK, audio.StatusCode);
            Assert.Equal("audio/wav", audio.Content.Headers.ContentType?.MediaType);
            Assert.True(SpeechEngineTests.WaveSeconds(await audio.Content.ReadAsByteArrayAsync()) >= 0.5);
        }
        else
        {
            Assert.True(string.IsNullOrEmpty(listen.GetAttribute("data-audio")));
            Assert.Equal(HttpStatusCode.NotFound, audio.StatusCode);
        }
    }
}

/// <summary>An app where espeak-ng is switched off, as on a server without it.</summary>
public sealed class SilentSqliteApp : AppFactory
{
    public SilentSqliteApp() : base(DatabaseProvider.Sqlite)
    {
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Speech:EspeakPath", "off");
    }
}

public sealed class ClientAudioTests_Sqlite(SqliteApp app) : ClientAudioTests(app), IClassFixture<SqliteApp>;

public sealed class ClientAudioTests_PostgreSql(PostgresApp app) : ClientAudioTests(app), IClassFixture<PostgresApp>;

public sealed class ClientAudioTests_WithoutEspeak(SilentSqliteApp app) : ClientAudioTests(app), IClassFixture<SilentSqliteApp>;
