using Aiguillage.Testing;
using Microsoft.AspNetCore.Hosting;

namespace Aiguillage.Web.Tests.Diagnostics;

/// <summary>A broken definition stops the app at start-up, naming the file, the question and the fault.</summary>
public sealed class QuestionnaireStartupTests
{
    private static readonly string RealDefinition = Path.Combine(AppContext.BaseDirectory, "Content", "questionnaires", "aisance-numerique-v1.json");

    [Theory]
    [InlineData("\"domain\": \"communication\"", "\"domain\": \"cuisine\"", "question K3: a know-how question needs one of the domains")]
    [InlineData("\"minKnowHowPercent\": 80", "\"minKnowHowPercent\": 20", "level 4: thresholds must not decrease")]
    [InlineData("\"id\": \"K5\"", "\"id\": \"K4\"", "question K4: id used more than once")]
    [InlineData("\"questions\": [", "\"questions\": [ {\"id\": \"X1\"},", "$.questions[0]")]
    public void A_broken_definition_stops_the_start_up_with_its_fault(string find, string replace, string expected)
    {
        var folder = Directory.CreateTempSubdirectory("questionnaires-").FullName;
        var text = File.ReadAllText(RealDefinition);
        var index = text.IndexOf(find, StringComparison.Ordinal);
        File.WriteAllText(Path.Combine(folder, "aisance-numerique-v1.json"), text[..index] + replace + text[(index + find.Length)..]);

        using var app = new SqliteApp().WithWebHostBuilder(b => b.UseSetting("Questionnaires:Folder", folder));
        var error = Assert.ThrowsAny<Exception>(() => app.CreateClient());
        var messages = string.Join(" | ", Unwrap(error).Select(e => e.Message));
        Assert.Contains("aisance-numerique-v1.json", messages, StringComparison.Ordinal);
        Assert.Contains(expected, messages, StringComparison.Ordinal);
    }

    private static IEnumerable<Exception> Unwrap(Exception e)
    {
        for (var current = e; current is not null; current = current.InnerException)
        {
            yield return current;
        }
    }
}
