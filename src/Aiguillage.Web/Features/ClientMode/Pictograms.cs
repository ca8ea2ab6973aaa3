using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Html;

namespace Aiguillage.Web.Features.ClientMode;

/// <summary>
/// A pictogram for every question, option and need of the client's screens (issue 17 §3), from the Lucide icons in
/// <c>wwwroot/pictos</c> (ISC licence, see its SOURCE.md). Inlined, so a screen makes no request for them and they
/// take the text's colour; hidden from screen readers, since a word beside each says the same.
/// </summary>
public sealed partial class Pictograms
{
    /// <summary>By question id.</summary>
    public static readonly IReadOnlyDictionary<string, string> Questions = new Dictionary<string, string>
    {
        ["E1"] = "smartphone", ["E2"] = "laptop", ["E3"] = "wifi", ["E4"] = "mail",
        ["K1"] = "search", ["K2"] = "package", ["K3"] = "send", ["K4"] = "video", ["K5"] = "file-text",
        ["K6"] = "landmark", ["K7"] = "monitor-smartphone", ["K8"] = "folder-open", ["K9"] = "shield-alert",
        ["C1"] = "smile", ["C2"] = "users",
    };

    /// <summary>By option id: options that mean the same share a pictogram in every question.</summary>
    public static readonly IReadOnlyDictionary<string, string> Options = new Dictionary<string, string>
    {
        ["oui-utilise"] = "circle-check", ["oui-a-moi"] = "circle-check", ["les-deux"] = "circle-check",
        ["oui-seul"] = "circle-check", ["seul"] = "circle-check", ["oui"] = "circle-check",
        ["oui-peu"] = "circle-dashed", ["un-seul"] = "circle-dashed", ["pas-toujours"] = "circle-dashed", ["parfois"] = "circle-dashed",
        ["oui-partage"] = "users",
        ["oui-aide"] = "hand-helping", ["avec-aide"] = "hand-helping",
        ["non"] = "circle-x",
        ["ne-sait-pas"] = "circle-question-mark",
        ["pas-concerne"] = "circle-minus",
        ["a-l-aise"] = "smile", ["un-peu-inquiet"] = "meh", ["mal-a-l-aise"] = "frown",
    };

    /// <summary>By need id.</summary>
    public static readonly IReadOnlyDictionary<string, string> Needs = new Dictionary<string, string>
    {
        ["outils-quotidien"] = "smartphone", ["e-mail"] = "mail", ["famille"] = "users", ["colis-courrier"] = "package",
        ["banque"] = "landmark", ["caf"] = "house", ["sante"] = "heart-pulse", ["impots"] = "receipt",
        ["autres-demarches"] = "file-text", ["emploi"] = "briefcase", ["scolarite"] = "graduation-cap",
        ["securite"] = "shield-check", ["comprendre"] = "lightbulb", ["loisirs"] = "gamepad-2",
        ["acces-materiel"] = "monitor", ["achat-materiel"] = "shopping-cart",
    };

    private readonly Dictionary<string, HtmlString> _svg = new(StringComparer.Ordinal);

    public Pictograms(string folder)
    {
        foreach (var file in Directory.GetFiles(folder, "*.svg"))
        {
            var svg = File.ReadAllText(file);
            // The licence line (« @license lucide-static … ISC ») stays in each copy, as the ISC licence asks.
            svg = ClassAttribute().Replace(svg, " class=\"picto\" aria-hidden=\"true\" focusable=\"false\"");
            svg = Whitespace().Replace(svg, " ").Replace("> <", "><", StringComparison.Ordinal).Trim();
            _svg[Path.GetFileNameWithoutExtension(file)] = new HtmlString(svg);
        }
    }

    public bool Has(string name) => _svg.ContainsKey(name);

    /// <summary>The inline SVG; a plain dot for a name with no file, so a new option never breaks a screen (a test checks each has its own).</summary>
    public HtmlString Svg(string? name) => name is not null && _svg.TryGetValue(name, out var svg) ? svg : _svg["circle-dot"];

    public HtmlString Question(string id) => Svg(Questions.GetValueOrDefault(id));

    public HtmlString Option(string id) => Svg(Options.GetValueOrDefault(id));

    public HtmlString Need(string id) => Svg(Needs.GetValueOrDefault(id));

    [GeneratedRegex("\\s+class=\"[^\"]*\"")]
    private static partial Regex ClassAttribute();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
