using Markdig;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Aiguillage.Web.Features.Home;

/// <summary>
/// « Accessibilité »: the accessibility statement in the official form (DINUM's model, article 47 of the law of
/// 11 February 2005), computed from the audit in docs/rgaa-4.1.md — never a figure typed by hand. Open to everyone,
/// linked from every footer, and reachable from a tablet in client mode.
/// </summary>
[AllowAnonymous]
public sealed class AccessibilityModel : PageModel
{
    private static readonly Lazy<AccessibilityAudit> Embedded = new(AccessibilityAudit.Embedded);

    private static readonly Markdig.MarkdownPipeline Markdown = new MarkdownPipelineBuilder().UseAutoLinks().Build();

    public static AccessibilityAudit Audit => Embedded.Value;

    public static string Section(string title) =>
        Audit.Sections.TryGetValue(title, out var markdown) ? Markdig.Markdown.ToHtml(markdown, Markdown) : string.Empty;

    public void OnGet()
    {
    }
}
