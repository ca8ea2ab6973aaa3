using System.Net;
using System.Text.Json;
using Aiguillage.Testing;
using Aiguillage.Web.Features.ClientMode;
using Aiguillage.Web.Features.Diagnostics;

namespace Aiguillage.Web.Tests.ClientMode;

/// <summary>Issue 17 §2: the client's languages, one file each; adding a language is adding a file.</summary>
public sealed class LanguageFileTests
{
    private static readonly string Folder = Path.Combine(AppContext.BaseDirectory, "Content", "languages");

    /// <summary>Texts that may read the same as the French in another language (names, codes); none today. FALC is French.</summary>
    private static readonly HashSet<string> SameAsFrenchAllowed = [];

    private static readonly string[] Required = ["fr", "fr-FALC", "en", "ar", "prs", "es", "pt", "ro", "tr", "uk"];

    [Fact]
    public void The_ten_languages_are_there_two_of_them_right_to_left_each_named_in_itself()
    {
        var catalog = new LanguageCatalog(Folder);
        Assert.Equal(Required.Order(StringComparer.Ordinal), catalog.All.Select(l => l.Code).Order(StringComparer.Ordinal));
        Assert.Equal(["ar", "prs"], catalog.All.Where(l => l.IsRightToLeft).Select(l => l.Code).Order(StringComparer.Ordinal));
        Assert.Equal("العربية", catalog.Find("ar")!.Name);
        Assert.Equal("Українська", catalog.Find("uk")!.Name);
        Assert.Equal("fr", catalog.All[0].Code);
    }

    [Fact]
    public void Every_text_of_the_french_file_exists_in_every_language_and_is_translated()
    {
        var catalog = new LanguageCatalog(Folder);
        var french = catalog.French;
        foreach (var language in catalog.All.Where(l => l.Code != "fr"))
        {
            Assert.Equal(french.Texts.Keys.Order(StringComparer.Ordinal), language.Texts.Keys.Order(StringComparer.Ordinal));
            var same = french.Texts.Where(t => !SameAsFrenchAllowed.Contains(t.Key) && language.Texts[t.Key] == t.Value && language.Code != "fr-FALC").Select(t => t.Key).ToList();
            Assert.True(same.Count == 0, $"{language.Code}: left in French: {string.Join(", ", same)}");
            Assert.All(french.Texts.Where(t => t.Value.Contains("{0}", StringComparison.Ordinal)), t => Assert.Contains("{0}", language.Texts[t.Key], StringComparison.Ordinal));
        }
    }

    [Fact]
    public void Each_file_says_who_translated_it_and_no_draft_passes_for_reviewed()
    {
        foreach (var language in new LanguageCatalog(Folder).All)
        {
            Assert.False(string.IsNullOrWhiteSpace(language.Translator));
            if (language.Code != "fr")
            {
                // Drafts written by this project's assistant: never presented as reviewed (rule 10).
                Assert.False(language.ReviewedByNativeSpeaker, $"{language.Code} claims a review");
                Assert.Null(language.Reviewer);
            }
        }
    }

    [Fact]
    public void The_french_file_says_what_the_questionnaire_says()
    {
        var questionnaire = QuestionnaireCatalog.Load(Path.Combine(AppContext.BaseDirectory, "Content", "questionnaires", "aisance-numerique-v1.json")).Definition;
        var french = new LanguageCatalog(Folder).French;
        var translated = LanguageCatalog.Translate(questionnaire, french);
        Assert.Equal(questionnaire.Questions.Select(q => (q.Text, q.Hint, string.Join("|", q.Options.Select(o => o.Label)))), translated.Questions.Select(q => (q.Text, q.Hint, string.Join("|", q.Options.Select(o => o.Label)))));
        Assert.Equal(questionnaire.Needs.Select(n => n.Label), translated.Needs.Select(n => n.Label));

        // Except the levels: the client reads kind words, never the staff's labels.
        Assert.DoesNotContain(translated.Levels, l => questionnaire.Levels.Any(s => s.Label == l.Label));
    }

    [Fact]
    public void The_french_file_says_what_the_action_catalogue_says()
    {
        // The handout's French column reads the French file; the catalogue stays the source of the staff's pages.
        using var file = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Content", "orientation", "actions.json")));
        var french = new LanguageCatalog(Folder).French;
        foreach (var action in file.RootElement.GetProperty("actions").EnumerateArray())
        {
            var id = action.GetProperty("id").GetString();
            foreach (var field in new[] { "title", "purpose", "howToStart" })
            {
                Assert.Equal(action.GetProperty(field).GetString(), french.Text($"action.{id}.{field}"));
            }
        }
    }

    [Fact]
    public void A_language_file_added_to_the_folder_appears_and_a_file_missing_a_text_stops_the_start()
    {
        var folder = Directory.CreateTempSubdirectory("aiguillage-languages-");
        try
        {
            File.Copy(Path.Combine(Folder, "fr.json"), Path.Combine(folder.FullName, "fr.json"));
            var added = JsonDocumentWith(Path.Combine(Folder, "en.json"), code: "nl", name: "Nederlands");
            File.WriteAllText(Path.Combine(folder.FullName, "nl.json"), added);
            Assert.Contains(new LanguageCatalog(folder.FullName).All, l => l.Code == "nl" && l.Name == "Nederlands");

            File.WriteAllText(Path.Combine(folder.FullName, "nl.json"), added.Replace("\"ui.listen\":", "\"ui.ecouter\":", StringComparison.Ordinal));
            Assert.Contains("ui.listen", Assert.Throws<LanguageFileException>(() => new LanguageCatalog(folder.FullName)).Message, StringComparison.Ordinal);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    private static string JsonDocumentWith(string path, string code, string name)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        var copy = new Dictionary<string, object?>();
        foreach (var property in document.RootElement.EnumerateObject())
        {
            copy[property.Name] = property.Name switch
            {
                "code" => code,
                "name" => name,
                _ => property.Value.Clone(),
            };
        }

        return JsonSerializer.Serialize(copy);
    }
}

/// <summary>Issue 17, API: the questionnaire in a language, and the list of languages.</summary>
public abstract class QuestionnaireLanguageApiTests(AppFactory app) : EngineTests(app)
{
    [Fact]
    public async Task The_questionnaire_answers_in_arabic_right_to_left_and_an_unknown_language_is_named()
    {
        using var visitor = App.Browser();
        using var arabic = JsonDocument.Parse(await visitor.GetStringAsync(new Uri("/api/v1/questionnaires/current?lang=ar", UriKind.Relative)));
        Assert.Equal(("ar", "rtl"), (arabic.RootElement.GetProperty("language").GetString(), arabic.RootElement.GetProperty("direction").GetString()));
        var first = arabic.RootElement.GetProperty("definition").GetProperty("questions")[0];
        Assert.Equal(new LanguageCatalog(Path.Combine(AppContext.BaseDirectory, "Content", "languages")).Find("ar")!.Text("q.E1.text"), first.GetProperty("text").GetString());
        Assert.Equal(2, first.GetProperty("options")[0].GetProperty("points").GetInt32());   // scores unchanged

        using var french = JsonDocument.Parse(await visitor.GetStringAsync(new Uri("/api/v1/questionnaires/current", UriKind.Relative)));
        Assert.Equal(("fr", "ltr"), (french.RootElement.GetProperty("language").GetString(), french.RootElement.GetProperty("direction").GetString()));

        using var unknown = await visitor.GetAsync(new Uri("/api/v1/questionnaires/current?lang=xx", UriKind.Relative));
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Equal("application/problem+json", unknown.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await unknown.Content.ReadAsStringAsync());
        Assert.Contains("xx", problem.RootElement.GetProperty("errors").GetProperty("lang")[0].GetString(), StringComparison.Ordinal);

        using var list = JsonDocument.Parse(await visitor.GetStringAsync(new Uri("/api/v1/questionnaires/current/languages", UriKind.Relative)));
        var languages = list.RootElement.EnumerateArray().ToList();
        Assert.Equal(10, languages.Count);
        var dari = languages.Single(l => l.GetProperty("code").GetString() == "prs");
        Assert.Equal(("دری", "rtl", false), (dari.GetProperty("name").GetString(), dari.GetProperty("direction").GetString(), dari.GetProperty("reviewedByNativeSpeaker").GetBoolean()));
    }
}

public sealed class QuestionnaireLanguageApiTests_Sqlite(SqliteApp app) : QuestionnaireLanguageApiTests(app), IClassFixture<SqliteApp>;

public sealed class QuestionnaireLanguageApiTests_PostgreSql(PostgresApp app) : QuestionnaireLanguageApiTests(app), IClassFixture<PostgresApp>;

/// <summary>Issue 17 §2: the admin sees each language's translator and review status.</summary>
public abstract class AdminLanguagesTests(AppFactory app) : EngineTests(app)
{
    [Fact]
    public async Task The_admin_sees_every_language_written_in_itself_and_that_none_is_reviewed_but_french()
    {
        using var admin = await App.SignedInAsync(await App.CreateAdminAsync());
        var page = await admin.GetPageAsync("/admin/langues");
        var rows = page.QuerySelectorAll("tbody tr");
        Assert.Equal(10, rows.Length);
        var arabic = rows.Single(r => r.Children[1].TextContent == "ar");
        Assert.Equal(("rtl", "ar"), (arabic.QuerySelector("span")!.GetAttribute("dir"), arabic.QuerySelector("span")!.GetAttribute("lang")));
        Assert.Equal("Non : brouillon", arabic.Children[4].TextContent);
        Assert.Contains("dont 1 relue", page.QuerySelector("caption")!.TextContent, StringComparison.Ordinal);
    }
}

public sealed class AdminLanguagesTests_Sqlite(SqliteApp app) : AdminLanguagesTests(app), IClassFixture<SqliteApp>;

public sealed class AdminLanguagesTests_PostgreSql(PostgresApp app) : AdminLanguagesTests(app), IClassFixture<PostgresApp>;
