using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;

namespace Aiguillage.Web.Features.ClientMode;

/// <summary>Server-made speech (section « Speech »).</summary>
public sealed class SpeechOptions
{
    /// <summary>The espeak-ng program; empty to look it up on the PATH, « off » to never make audio.</summary>
    public string? EspeakPath { get; set; }

    /// <summary>Where made audio is kept, one file per text and voice, so each text is spoken once.</summary>
    public string CacheFolder { get; set; } = Path.Combine("data", "audio");
}

/// <summary>
/// Audio of a text for a device with no voice of the client's language (issue 17 §4): espeak-ng, from the Debian
/// packages, has a voice for each of the ten languages (Dari through its Persian voice « fa », FALC through French).
/// Made once per text and voice, then served from the cache. Without espeak-ng there is no audio, and the screens
/// show no button that would need it.
/// </summary>
public sealed class SpeechEngine : IDisposable
{
    private static readonly Dictionary<string, string> Voices = new(StringComparer.OrdinalIgnoreCase)
    {
        ["fr"] = "fr-fr", ["fr-FALC"] = "fr-fr", ["en"] = "en-gb", ["ar"] = "ar", ["prs"] = "fa",
        ["es"] = "es", ["pt"] = "pt", ["ro"] = "ro", ["tr"] = "tr", ["uk"] = "uk",
    };

    private readonly string? _program;
    private readonly string _cache;
    private readonly ILogger<SpeechEngine> _logger;

    // Two at a time at most: a room of tablets must not take the server's cores from the counter.
    private readonly SemaphoreSlim _making = new(2);

    public SpeechEngine(SpeechOptions options, string contentRoot, ILogger<SpeechEngine> logger)
    {
        _logger = logger;
        _program = options.EspeakPath switch
        {
            "off" => null,
            null or "" => FindOnPath("espeak-ng"),
            var path => File.Exists(path) ? path : null,
        };
        _cache = Path.GetFullPath(Path.IsPathRooted(options.CacheFolder) ? options.CacheFolder : Path.Combine(contentRoot, options.CacheFolder));
    }

    public void Dispose() => _making.Dispose();

    public bool IsAvailable => _program is not null;

    public bool Speaks(string language) => IsAvailable && Voices.ContainsKey(language);

    /// <summary>The path of a WAV file speaking <paramref name="text"/>; null when no engine or voice, or when making it failed.</summary>
    public async Task<string?> AudioAsync(string language, string text, CancellationToken ct)
    {
        if (_program is null || !Voices.TryGetValue(language, out var voice))
        {
            return null;
        }

        var name = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(voice + "\n" + text)));
        var path = Path.Combine(_cache, voice, name + ".wav");
        if (File.Exists(path))
        {
            return path;
        }

        await _making.WaitAsync(ct);
        try
        {
            if (File.Exists(path))
            {
                return path;
            }

            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            var partial = path + "." + Guid.NewGuid().ToString("N") + ".part";
            var start = new ProcessStartInfo(_program) { RedirectStandardInput = true, RedirectStandardError = true, UseShellExecute = false };

            // Arguments as a list and the text on standard input: nothing a text holds can reach a shell or an option.
            foreach (var argument in new[] { "-v", voice, "-s", "150", "-w", partial, "--stdin" })
            {
                start.ArgumentList.Add(argument);
            }

            using var process = Process.Start(start)!;
            await process.StandardInput.WriteAsync(text);
            process.StandardInput.Close();
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(TimeSpan.FromSeconds(30));
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                // Stuck, or the client left: no half-made file stays behind.
                process.Kill(entireProcessTree: true);
                File.Delete(partial);
                return null;
            }

            if (process.ExitCode != 0 || !File.Exists(partial))
            {
                _logger.LogWarning("espeak-ng failed ({Code}) for voice {Voice}: {Error}", process.ExitCode, voice, await process.StandardError.ReadToEndAsync(ct));
                File.Delete(partial);
                return null;
            }

            File.Move(partial, path, overwrite: true);
            return path;
        }
        finally
        {
            _making.Release();
        }
    }

    private static string? FindOnPath(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(folder => Path.Combine(folder, program)).FirstOrDefault(File.Exists);
}
