using System.Text;
using System.Text.RegularExpressions;

namespace Aiguillage.Web.Platform.Web;

/// <summary>
/// French typography, in one place for every page (issue 18): the space before « ? ! ; » becomes a narrow no-break
/// space and before « : » a no-break space, the spaces inside « » no-break spaces, and « 20 h » or « 14 h 30 » never
/// break across lines. Rules of the Lexique des règles typographiques en usage à l'Imprimerie nationale, as applied
/// by the Code typographique's « espace insécable ». Only spaces already typed are changed: « https://», « 14:30 » or an
/// OpenStreetMap « Mo-Fr 09:00 » stay as they are, and English text (no space before its colon) is untouched.
/// </summary>
public static partial class FrenchTypography
{
    public const char NoBreakSpace = '\u00A0';

    public const char NarrowNoBreakSpace = '\u202F';

    /// <summary>The rules on plain text (no markup).</summary>
    public static string Apply(string text)
    {
        if (text.Length == 0 || text.AsSpan().IndexOfAny(" \t\r\n") < 0)
        {
            return text;
        }

        text = BeforeHighPunctuation().Replace(text, "\u202F$1");
        text = BeforeColon().Replace(text, "\u00A0:");
        text = AfterOpeningQuote().Replace(text, "«\u00A0");
        text = BeforeClosingQuote().Replace(text, "\u00A0»");
        text = HourMark().Replace(text, "$1\u00A0h");
        text = HourMinutes().Replace(text, "$1\u00A0$2");
        return text;
    }

    /// <summary>
    /// The rules on the text of an HTML page: text between tags only, never inside a tag (attributes), nor in
    /// <c>script</c>, <c>style</c>, <c>pre</c>, <c>code</c> or <c>textarea</c> (codes, keys and typed text are exact).
    /// </summary>
    public static string ApplyToHtml(string html)
    {
        var output = new StringBuilder(html.Length + 64);
        var i = 0;
        while (i < html.Length)
        {
            var open = html.IndexOf('<', i);
            if (open < 0)
            {
                output.Append(Apply(html[i..]));
                break;
            }

            output.Append(Apply(html[i..open]));
            var close = EndOfTag(html, open);
            var tag = html[open..close];
            output.Append(tag);
            i = close;
            if (RawElement(tag) is { } name)
            {
                // Copy untouched up to the element's end tag.
                var end = html.IndexOf("</" + name, i, StringComparison.OrdinalIgnoreCase);
                end = end < 0 ? html.Length : end;
                output.Append(html, i, end - i);
                i = end;
            }
        }

        return output.ToString();
    }

    /// <summary>The index just past the tag opening at <paramref name="start"/>, quotes in attributes respected.</summary>
    private static int EndOfTag(string html, int start)
    {
        if (string.CompareOrdinal(html, start, "<!--", 0, 4) == 0)
        {
            var comment = html.IndexOf("-->", start + 4, StringComparison.Ordinal);
            return comment < 0 ? html.Length : comment + 3;
        }

        char? quote = null;
        for (var i = start + 1; i < html.Length; i++)
        {
            var c = html[i];
            if (quote is { } q)
            {
                if (c == q)
                {
                    quote = null;
                }
            }
            else if (c is '"' or '\'')
            {
                quote = c;
            }
            else if (c == '>')
            {
                return i + 1;
            }
        }

        return html.Length;
    }

    private static string? RawElement(string tag)
    {
        var match = StartTagName().Match(tag);
        if (!match.Success)
        {
            return null;
        }

        var name = match.Groups[1].Value.ToLowerInvariant();
        return name is "script" or "style" or "pre" or "code" or "textarea" && !tag.EndsWith("/>", StringComparison.Ordinal) ? name : null;
    }

    [GeneratedRegex(@"^<([A-Za-z][A-Za-z0-9]*)")]
    private static partial Regex StartTagName();

    // A space (or a run of them, a line break from the page's source) before ? ! ; — also at the start of a text
    // that follows an element (« <strong>Pourquoi</strong> : »).
    [GeneratedRegex(@"[ \t\r\n]+([?!;])")]
    private static partial Regex BeforeHighPunctuation();

    [GeneratedRegex(@"[ \t\r\n]+:")]
    private static partial Regex BeforeColon();

    [GeneratedRegex(@"«[ \t\r\n]+")]
    private static partial Regex AfterOpeningQuote();

    [GeneratedRegex(@"[ \t\r\n]+»")]
    private static partial Regex BeforeClosingQuote();

    // « 20 h », « 9 h » (not « 2 heures », not « 3 hab. »).
    [GeneratedRegex(@"(\d)[ \t\r\n]+h(?!\p{L})")]
    private static partial Regex HourMark();

    // « 14 h 30 »: the minutes stay with the hour.
    [GeneratedRegex(@"(\d\u00A0h)[ \t\r\n]+(\d\d)(?!\d)")]
    private static partial Regex HourMinutes();
}

/// <summary>
/// Applies <see cref="FrenchTypography"/> to every HTML page the app sends (pages, error pages, client screens),
/// so that no page can forget it. Other answers (API, files, downloads) pass straight through, unbuffered.
/// </summary>
public static class FrenchTypographyMiddleware
{
    public static IApplicationBuilder UseFrenchTypography(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var original = context.Response.Body;
        await using var body = new HtmlTypographyStream(context.Response, original);
        context.Response.Body = body;
        try
        {
            await next();
            await body.CompleteAsync(context.RequestAborted);
        }
        finally
        {
            context.Response.Body = original;
        }
    });

    /// <summary>Decides at the first write, from the content type then set, whether to hold the page back.</summary>
    private sealed class HtmlTypographyStream(HttpResponse response, Stream inner) : Stream
    {
        private MemoryStream? _page;
        private bool _decided;

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        private Stream Target
        {
            get
            {
                if (!_decided)
                {
                    _decided = true;
                    if (response.ContentType?.StartsWith("text/html", StringComparison.OrdinalIgnoreCase) == true && !response.Headers.ContainsKey("Content-Encoding"))
                    {
                        _page = new MemoryStream();
                    }
                }

                return (Stream?)_page ?? inner;
            }
        }

        public async Task CompleteAsync(CancellationToken ct)
        {
            if (_page is null)
            {
                return;
            }

            var html = Encoding.UTF8.GetString(_page.GetBuffer(), 0, (int)_page.Length);
            var bytes = Encoding.UTF8.GetBytes(FrenchTypography.ApplyToHtml(html));
            _page = null;
            if (!response.HasStarted)
            {
                response.ContentLength = bytes.Length;
            }

            await inner.WriteAsync(bytes, ct);
        }

        public override void Write(byte[] buffer, int offset, int count) => Target.Write(buffer, offset, count);

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            Target.WriteAsync(buffer, offset, count, cancellationToken);

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) =>
            Target.WriteAsync(buffer, cancellationToken);

        // A page held back is not flushed: the server would send its headers before the length is known.
        public override void Flush()
        {
            if (_page is null)
            {
                inner.Flush();
            }
        }

        public override Task FlushAsync(CancellationToken cancellationToken) => _page is null && _decided ? inner.FlushAsync(cancellationToken) : Task.CompletedTask;

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            _page?.Dispose();
            base.Dispose(disposing);
        }
    }
}
