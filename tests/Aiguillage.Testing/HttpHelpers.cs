using System.Net;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Aiguillage.Testing;

/// <summary>Talking to the app like a browser would: cookies, antiforgery tokens, forms.</summary>
public static class HttpHelpers
{
    public static HttpClient Browser(this AppFactory app) =>
        app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    public static async Task<IHtmlDocument> GetPageAsync(this HttpClient client, string url)
    {
        using var response = await client.GetAsync(new Uri(url, UriKind.Relative));
        return await ParseAsync(response);
    }

    /// <summary>
    /// The page as a document, its no-break spaces read as spaces: tests assert the words a user reads; French
    /// typography (FrenchTypography, issue 18) has its own tests, in code and on every page in the browser.
    /// </summary>
    public static async Task<IHtmlDocument> ParseAsync(HttpResponseMessage response) =>
        new HtmlParser().ParseDocument(Words(await response.Content.ReadAsStringAsync()));

    /// <summary>A page's text with its no-break spaces (U+00A0, U+202F, raw or as character references) as plain spaces.</summary>
    public static string Words(string? text) => (text ?? string.Empty).Replace('\u00A0', ' ').Replace('\u202F', ' ')
        .Replace("&#xA0;", " ", StringComparison.Ordinal).Replace("&nbsp;", " ", StringComparison.Ordinal).Replace("&#x202F;", " ", StringComparison.Ordinal);

    /// <summary>Reads the antiforgery token of the page's first form with a token.</summary>
    public static async Task<string> AntiforgeryTokenAsync(this HttpClient client, string url)
    {
        var page = await client.GetPageAsync(url);
        return page.QuerySelector("input[name=__RequestVerificationToken]")?.GetAttribute("value")
            ?? throw new InvalidOperationException($"no antiforgery token on {url}");
    }

    /// <summary>Posts a form the way the page would, with the page's antiforgery token.</summary>
    public static async Task<HttpResponseMessage> PostFormAsync(this HttpClient client, string pageUrl, IEnumerable<KeyValuePair<string, string>> fields, string? action = null)
    {
        var token = await client.AntiforgeryTokenAsync(pageUrl);
        var content = new FormUrlEncodedContent([.. fields, new("__RequestVerificationToken", token)]);
        return await client.PostAsync(new Uri(action ?? pageUrl, UriKind.Relative), content);
    }

    public static async Task<HttpResponseMessage> SignInAsync(this HttpClient client, string email, string password) =>
        await client.PostFormAsync("/connexion", [new("Input.Email", email), new("Input.Password", password)]);

    /// <summary>A client already signed in as this account.</summary>
    public static async Task<HttpClient> SignedInAsync(this AppFactory app, TestAccount account)
    {
        var client = app.Browser();
        using var response = await client.SignInAsync(account.Email, account.Password);
        if (response.StatusCode != HttpStatusCode.Redirect)
        {
            throw new InvalidOperationException($"sign-in of {account.Email} answered {(int)response.StatusCode}");
        }

        return client;
    }
}
