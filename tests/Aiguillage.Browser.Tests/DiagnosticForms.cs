using System.Text.RegularExpressions;
using Aiguillage.Domain.Diagnostics;
using Aiguillage.Domain.Offices;
using Aiguillage.Testing;
using Aiguillage.Web.Features.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Aiguillage.Browser.Tests;

/// <summary>Diagnostics made through the pages' own forms, for tests about what comes after.</summary>
public static class DiagnosticForms
{
    /// <summary>
    /// A whole diagnostic through the pages' own forms (the context's HTTP client, same cookies): the lowest answer to
    /// every question and every need, so that the rules propose the most; returns the diagnostic's id.
    /// </summary>
    public static async Task<Guid> RunLowestAsync(AppFactory app, IPage page, Office office)
    {
        var definition = app.Services.GetRequiredService<QuestionnaireCatalog>().Current.Definition;
        var draft = (await PostAsync(page, $"/bureaux/{office.Id}/diagnostic", [("ClientReference", "")]))!;
        draft = draft[..draft.IndexOf("/questions", StringComparison.Ordinal)];
        for (var i = 0; i < definition.Questions.Count; i++)
        {
            var lowest = definition.Questions[i].Options.Where(o => o.Kind == OptionKind.Scored).MinBy(o => o.Points)!;
            await PostAsync(page, $"{draft}/questions/{i + 1}", [("Answer", lowest.Id)]);
        }

        await PostAsync(page, $"{draft}/besoins", [.. definition.Needs.Select(n => ("Needs", n.Id))]);
        await PostAsync(page, $"{draft}/profil", []);
        var result = await PostAsync(page, $"{draft}/recapitulatif", []);
        Assert.EndsWith("/resultat", result, StringComparison.Ordinal);
        return Guid.Parse(result!.Split('/')[2]);
    }

    public static async Task<string?> PostAsync(IPage page, string url, IReadOnlyList<(string Name, string Value)> fields)
    {
        var form = await page.Context.APIRequest.GetAsync(url);
        var token = Regex.Match(await form.TextAsync(), "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;
        var data = page.Context.APIRequest.CreateFormData();
        foreach (var (name, value) in fields)
        {
            data.Append(name, value);
        }

        data.Set("__RequestVerificationToken", token);
        var response = await page.Context.APIRequest.PostAsync(url, new() { Form = data, MaxRedirects = 0 });
        Assert.True(response.Status == 302, $"{url} answered {response.Status}");
        return response.Headers["location"];
    }

}
