using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace Aiguillage.Browser.Tests;

/// <summary>axe-core on a page, limited to WCAG 2.0/2.1 A and AA (the RGAA 4.1 baseline).</summary>
public static class Accessibility
{
    private static readonly AxeRunOptions Options = new()
    {
        RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
    };

    /// <summary>axe-core, then the finished-page rules of issue 18 (<see cref="FinishedPageFaultsAsync"/>), on every page a test checks.</summary>
    public static async Task AssertNoViolationsAsync(this IPage page)
    {
        var result = await page.RunAxe(Options);
        var report = string.Join(Environment.NewLine, result.Violations.Select(v =>
            $"{v.Id} ({v.Impact}): {v.Help} — {string.Join(" | ", v.Nodes.Select(n => n.Html))}"));
        Assert.True(result.Violations.Length == 0, $"axe-core on {page.Url}:{Environment.NewLine}{report}");
        var faults = await page.FinishedPageFaultsAsync();
        Assert.True(faults.Count == 0, $"{page.Url}:{Environment.NewLine}{string.Join(Environment.NewLine, faults)}");
    }

    /// <summary>The phone width the pages are checked at (issue 18: an iPhone 12–15 in CSS pixels).</summary>
    public const int PhoneWidth = 390;

    /// <summary>
    /// What issue 18 asks of every page, as faults in words (empty: finished): no sideways scroll at 390 px, every
    /// control at least 44 px tall (at the test's width and at 390 px), and French typography in the French text — a
    /// no-break space before « ? ! : ; » and inside « », « 14 h 30 » unbroken, no « lieu(x) ». The viewport is put back.
    /// </summary>
    public static async Task<IReadOnlyList<string>> FinishedPageFaultsAsync(this IPage page)
    {
        var faults = new List<string>();
        faults.AddRange(await page.EvaluateAsync<string[]>(TypographyScript));
        faults.AddRange(await page.EvaluateAsync<string[]>(ControlSizeScript));
        var size = page.ViewportSize;
        await page.SetViewportSizeAsync(PhoneWidth, 844);
        try
        {
            // Layout is synchronous on reading a size: no wait is needed after the resize.
            var width = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
            if (width > PhoneWidth)
            {
                var wide = await page.EvaluateAsync<string[]>(WidestScript, PhoneWidth);
                faults.Add($"à {PhoneWidth} px la page défile de côté ({width} px) : {string.Join(" | ", wide)}");
            }

            faults.AddRange((await page.EvaluateAsync<string[]>(ControlSizeScript)).Select(f => $"à {PhoneWidth} px : {f}"));
        }
        finally
        {
            if (size is not null)
            {
                await page.SetViewportSizeAsync(size.Width, size.Height);
            }
        }

        return faults;
    }

    private const string TypographyScript = """
        () => {
          const faults = [];
          const skip = 'script, style, code, pre, textarea, noscript, template';
          const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
          const rules = [
            [/[ \t\r\n][?!;:»]/u, 'espace ordinaire avant ? ! : ; ou »'],
            [/«[ \t\r\n]/u, 'espace ordinaire après «'],
            [/\d[ \t\r\n]h(?!\p{L})/u, 'heure coupable (« 20 h » sans espace insécable)'],
            [/\p{L}\((?:s|x|e|es|nt)\)/u, 'pluriel entre parenthèses'],
          ];
          for (let node = walker.nextNode(); node; node = walker.nextNode()) {
            const parent = node.parentElement;
            if (!parent || parent.closest(skip)) continue;
            const lang = (parent.closest('[lang]')?.getAttribute('lang') || '').toLowerCase();
            if (!lang.startsWith('fr')) continue;
            // « <strong>x</strong> : » : the space starts the next text node, which the rule sees on its own.
            const text = node.textContent;
            for (const [rule, name] of rules) {
              const m = rule.exec(text);
              if (m) faults.push(`${name} : « ${text.slice(Math.max(0, m.index - 25), m.index + 25).trim()} »`);
            }
          }
          return [...new Set(faults)];
        }
        """;

    private const string ControlSizeScript = """
        () => {
          const faults = [];
          const controls = document.querySelectorAll('input:not([type=hidden]):not([type=checkbox]):not([type=radio]), select, textarea, button, summary, a.button-primary, a.button-secondary');
          const visible = e => e.getClientRects().length > 0 && getComputedStyle(e).visibility !== 'hidden' && !e.closest('.skip-link');
          const describe = e => e.id ? `#${e.id}` : `${e.tagName.toLowerCase()}${e.name ? `[name=${e.name}]` : ''} « ${(e.textContent || e.value || '').trim().slice(0, 30)} »`;
          for (const e of controls) {
            if (!visible(e)) continue;
            const h = e.getBoundingClientRect().height;
            if (h < 43.5) faults.push(`contrôle de ${Math.round(h)} px de haut : ${describe(e)}`);
          }
          // A box to tick is the whole row that holds it and its label.
          for (const e of document.querySelectorAll('input[type=checkbox], input[type=radio]')) {
            if (!visible(e)) continue;
            const row = e.closest('.choice, label') || document.querySelector(`label[for="${e.id}"]`);
            const h = row ? row.getBoundingClientRect().height : e.getBoundingClientRect().height;
            if (h < 43.5) faults.push(`case de ${Math.round(h)} px de haut : ${describe(e)}`);
          }
          return faults;
        }
        """;

    private const string WidestScript = """
        width => [...document.querySelectorAll('body *')]
          .filter(e => e.getBoundingClientRect().right > width + 0.5 && !e.closest('.table-wrap, .skip-link'))
          .slice(0, 5).map(e => `${e.tagName.toLowerCase()}${e.className ? '.' + String(e.className).split(' ').join('.') : ''} (${Math.round(e.getBoundingClientRect().right)} px)`)
        """;

    public static async Task ScreenshotAsync(this IPage page, string name)
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "screenshots");
        Directory.CreateDirectory(folder);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, name + ".png"), FullPage = true });
    }
}
