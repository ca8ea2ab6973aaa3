using Microsoft.Playwright;

namespace Aiguillage.Browser.Tests;

/// <summary>
/// Waiting on conditions, never on time (issue 15 §6). A key press that submits a form may answer with the same URL
/// (a refused form) or a new one, and <c>WaitForLoadStateAsync</c> right after it returns at once — the old page is
/// loaded — so the next key presses could land on a page about to be replaced and be lost. These helpers wait until
/// a new document has been parsed.
/// </summary>
public static class Navigation
{
    /// <summary>Runs <paramref name="action"/> (a link, a submit) and waits until the document it loads is parsed.</summary>
    public static async Task LoadsNewPageAsync(this IPage page, Func<Task> action)
    {
        // Each document has its own time origin: a different one means a new document, whatever its URL.
        var before = await page.EvaluateAsync<double>("() => performance.timeOrigin");
        await action();
        await page.WaitForFunctionAsync("t => performance.timeOrigin !== t && document.readyState !== 'loading'", before);
    }

    /// <summary>
    /// What a URL wait waits for: the new document parsed. Not « load », which also waits for every stylesheet and
    /// script: on a loaded CI machine a navigation once reached its URL and not its load event in 60 s.
    /// </summary>
    public static readonly PageWaitForURLOptions Parsed = new() { WaitUntil = WaitUntilState.DOMContentLoaded };

    /// <summary>Presses Enter on the focused control and waits for the page it leads to.</summary>
    public static Task EnterAndLoadAsync(this IPage page) => page.LoadsNewPageAsync(() => page.Keyboard.PressAsync("Enter"));

    /// <summary>Fails with what the page says when it is not the one expected (a refused form shows why).</summary>
    public static async Task AssertAtAsync(this IPage page, string pathEnd)
    {
        var path = new Uri(page.Url).AbsolutePath;
        if (!path.EndsWith(pathEnd, StringComparison.Ordinal))
        {
            var summary = await page.Locator(".error-summary").AllTextContentsAsync();
            Assert.Fail($"Expected a page ending with {pathEnd}, still on {page.Url}. {string.Join(" ", summary).Trim()}");
        }
    }
}
