using Aiguillage.Web.Platform.Web;

namespace Aiguillage.Web.Tests.Platform;

/// <summary>Issue 18: the rules of the one typography helper, on text and on a page's HTML.</summary>
public sealed class FrenchTypographyTests
{
    [Theory]
    [InlineData("Votre niveau : Débutant", "Votre niveau\u00A0: Débutant")]
    [InlineData("Êtes-vous prêt ? Oui !", "Êtes-vous prêt\u202F? Oui\u202F!")]
    [InlineData("lundi ; mardi", "lundi\u202F; mardi")]
    [InlineData("« Mon parcours »", "«\u00A0Mon parcours\u00A0»")]
    [InlineData("de 9 h à 20 h", "de 9\u00A0h à 20\u00A0h")]
    [InlineData("à 14 h 30.", "à 14\u00A0h\u00A030.")]
    [InlineData("Question\n        :", "Question\u00A0:")]
    public void French_spaces_become_no_break_spaces(string text, string expected) => Assert.Equal(expected, FrenchTypography.Apply(text));

    [Theory]
    [InlineData("https://www.caf.fr")]
    [InlineData("Mo-Fr 09:00-12:00")]
    [InlineData("Step 1: choose")]
    [InlineData("2 heures, 3 habitants")]
    [InlineData("14:30")]
    public void Text_without_a_typed_space_is_left_as_it_is(string text) => Assert.Equal(text, FrenchTypography.Apply(text));

    [Fact]
    public void In_a_page_only_text_between_tags_changes()
    {
        const string html = "<p title=\"Niveau : 2\" data-x='a ; b'><strong>Pourquoi</strong> : parce que</p>"
            + "<script>var a = b ? c : d;</script><code>AB : CD</code><textarea>x : y</textarea><!-- a : b --><pre>p ; q</pre><p>Fin ?</p>";
        Assert.Equal("<p title=\"Niveau : 2\" data-x='a ; b'><strong>Pourquoi</strong>\u00A0: parce que</p>"
            + "<script>var a = b ? c : d;</script><code>AB : CD</code><textarea>x : y</textarea><!-- a : b --><pre>p ; q</pre><p>Fin\u202F?</p>",
            FrenchTypography.ApplyToHtml(html));
    }
}
