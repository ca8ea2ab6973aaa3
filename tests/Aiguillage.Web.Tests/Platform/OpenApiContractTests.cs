using System.Diagnostics;
using System.Text.Json;
using Aiguillage.Testing;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using NSwag.CodeGeneration.CSharp;

namespace Aiguillage.Web.Tests.Platform;

/// <summary>
/// Issue 21 §4: the OpenAPI document is a contract a partner can build on. Every operation has a summary, says how it
/// is called (no account, the session, or a partner's key) and which 2xx and 4xx it answers; a typed C# client that
/// NSwag (from the registry) generates from it compiles; and `redocly lint` with its recommended rules finds no error —
/// the last where CI installs Redocly (AIGUILLAGE_TEST_REDOCLY, see .ci/run), skipped with the reason elsewhere.
/// </summary>
public sealed class OpenApiContractTests(SqliteApp app) : EngineTests(app), IClassFixture<SqliteApp>
{
    private async Task<string> DocumentAsync()
    {
        using var visitor = App.Browser();
        return await visitor.GetStringAsync(new Uri("/openapi/v1.json", UriKind.Relative));
    }

    [Fact]
    public async Task Every_operation_has_a_summary_its_security_and_its_answers()
    {
        using var json = JsonDocument.Parse(await DocumentAsync());
        var root = json.RootElement;
        Assert.StartsWith("3.", root.GetProperty("openapi").GetString(), StringComparison.Ordinal);
        var schemes = root.GetProperty("components").GetProperty("securitySchemes");
        Assert.True(schemes.TryGetProperty("session", out _));
        Assert.Equal("bearer", schemes.GetProperty("cleApi").GetProperty("scheme").GetString());
        var operations = root.GetProperty("paths").EnumerateObject()
            .SelectMany(path => path.Value.EnumerateObject().Select(op => (Name: $"{op.Name.ToUpperInvariant()} {path.Name}", Op: op.Value))).ToList();
        Assert.True(operations.Count >= 19, $"{operations.Count} operations");
        Assert.All(operations, o =>
        {
            Assert.False(string.IsNullOrWhiteSpace(o.Op.TryGetProperty("summary", out var s) ? s.GetString() : null), $"{o.Name}: no summary");
            Assert.True(o.Op.TryGetProperty("security", out var security), $"{o.Name}: no security");
            var answers = o.Op.GetProperty("responses").EnumerateObject().Select(r => r.Name).ToList();
            Assert.Contains(answers, a => a.StartsWith('2'));
            Assert.Contains(answers, a => a.StartsWith('4'));
            if (security.EnumerateArray().Any(r => r.EnumerateObject().Any()))
            {
                Assert.Contains("401", answers);
                Assert.Contains("403", answers);
            }
        });

        // The public feeds need no account; the referrals take the session or a key.
        var open = Assert.Single(operations.Single(o => o.Name == "GET /api/v1/sessions").Op.GetProperty("security").EnumerateArray());
        Assert.Empty(open.EnumerateObject());
        var referrals = operations.Single(o => o.Name == "GET /api/v1/referrals").Op.GetProperty("security").EnumerateArray().SelectMany(r => r.EnumerateObject().Select(p => p.Name)).ToList();
        Assert.Equal(["session", "cleApi"], referrals);
    }

    [Fact]
    public async Task A_typed_client_generated_from_it_by_nswag_compiles()
    {
        var document = await NSwag.OpenApiDocument.FromJsonAsync(await DocumentAsync());
        var settings = new CSharpClientGeneratorSettings { ClassName = "AiguillageClient", GenerateClientInterfaces = true };
        settings.CSharpGeneratorSettings.Namespace = "Partenaire.Aiguillage";
        settings.CSharpGeneratorSettings.JsonLibrary = NJsonSchema.CodeGeneration.CSharp.CSharpJsonLibrary.SystemTextJson;
        var code = new CSharpClientGenerator(document, settings).GenerateFile();
        Assert.Contains("ListReferralsAsync", code, StringComparison.Ordinal);
        Assert.Contains("PlanPartnerSessionAsync", code, StringComparison.Ordinal);
        Assert.Contains("PublicSessionsAsync", code, StringComparison.Ordinal);

        // Compiled as a partner's project would, against the framework alone.
        var references = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator).Select(p => MetadataReference.CreateFromFile(p));
        var compilation = CSharpCompilation.Create("Partenaire.Aiguillage", [CSharpSyntaxTree.ParseText(code)], references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        using var output = new MemoryStream();
        var result = compilation.Emit(output);
        Assert.True(result.Success, string.Join('\n', result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Take(20)));
        Assert.True(output.Length > 10_000);
    }

    [Fact]
    public async Task Redocly_finds_no_error_with_its_recommended_rules()
    {
        var redocly = Environment.GetEnvironmentVariable("AIGUILLAGE_TEST_REDOCLY");
        var skip = TestEnvironment.SkipReason(!string.IsNullOrWhiteSpace(redocly) && File.Exists(redocly),
            "Redocly absent : définissez AIGUILLAGE_TEST_REDOCLY (le chemin de « redocly », installé par npm comme dans .ci/run) pour lancer ce test.");
        Assert.SkipWhen(skip is not null, skip ?? string.Empty);
        var file = Path.Combine(Path.GetTempPath(), $"aiguillage-openapi-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(file, await DocumentAsync());
        try
        {
            using var process = Process.Start(new ProcessStartInfo(redocly!, ["lint", file, "--format=stylish"]) { RedirectStandardOutput = true, RedirectStandardError = true })!;
            var output = process.StandardOutput.ReadToEndAsync();
            var errors = process.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
            await process.WaitForExitAsync(timeout.Token);
            var said = await output + await errors;
            Assert.True(process.ExitCode == 0, said);
            Assert.Contains("valid", said, StringComparison.Ordinal);
            Assert.DoesNotContain(" error ", said, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
