using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;

namespace Aiguillage.Web.Platform.Web;

/// <summary>
/// What no form of this app ever needs, refused before any handler runs (issue 9 §6, defence in depth behind each
/// form's own checks and the encoding of every output): a body that is not a form, control characters, text that was
/// not valid UTF-8 (read as U+FFFD), markup (« &lt; » followed by a letter, « / », « ! » or « ? »), and a value longer than
/// <see cref="MaxValueLength"/>. The answer is 415 or 400 with the French error page naming the fields; the browser's
/// « Précédent » button brings the form back as it was typed. Apostrophes, quotes and dashes stay allowed: a name such
/// as « L'Atelier -- Nord » is text, and every query is parameterised. Passwords are only bounded in length.
/// </summary>
public sealed class FormInputGuard : IAsyncPageFilter
{
    public const int MaxValueLength = 10_000;

    public const string RefusedFieldsKey = "aiguillage.refused-fields";

    public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

    public async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        var request = context.HttpContext.Request;
        if (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method) || context.ActionDescriptor.ViewEnginePath.StartsWith("/Home/Error", StringComparison.Ordinal))
        {
            await next();
            return;
        }

        if (!request.HasFormContentType)
        {
            context.HttpContext.Items[RefusedFieldsKey] = new List<string> { "Le contenu envoyé n'est pas un formulaire." };
            context.Result = new StatusCodeResult(StatusCodes.Status415UnsupportedMediaType);
            return;
        }

        var form = await request.ReadFormAsync(context.HttpContext.RequestAborted);
        var refused = new List<string>();
        foreach (var (name, values) in form)
        {
            if (name == "__RequestVerificationToken")
            {
                continue;
            }

            // A password is whatever its owner chose: « mot<de>passe » included. Only its length is bounded.
            var isPassword = name.EndsWith("Password", StringComparison.Ordinal);
            foreach (var value in values)
            {
                if (Problem(value, lengthOnly: isPassword) is { } problem)
                {
                    refused.Add($"Le champ « {Label(name)} » {problem}");
                    break;
                }
            }
        }

        if (refused.Count > 0)
        {
            context.HttpContext.Items[RefusedFieldsKey] = refused;
            context.Result = new StatusCodeResult(StatusCodes.Status400BadRequest);
            return;
        }

        await next();
    }

    /// <summary>Why a value is refused, in words completing « Le champ X … »; null when it is fine.</summary>
    public static string? Problem(string? value, bool lengthOnly = false)
    {
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        if (value.Length > MaxValueLength)
        {
            return $"est trop long ({value.Length.ToString("N0", CultureInfo.GetCultureInfo("fr-FR"))} caractères ; {MaxValueLength.ToString("N0", CultureInfo.GetCultureInfo("fr-FR"))} au plus).";
        }

        if (lengthOnly)
        {
            return null;
        }

        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c == '\uFFFD')
            {
                return "contient des caractères illisibles (le texte n'était pas encodé en UTF-8).";
            }

            if (char.IsControl(c) && c is not ('\r' or '\n' or '\t'))
            {
                return "contient des caractères de contrôle, invisibles : retapez-le.";
            }

            if (c == '<' && i + 1 < value.Length && (char.IsLetter(value[i + 1]) || value[i + 1] is '/' or '!' or '?'))
            {
                return "contient du code (« < » suivi d'une lettre) : écrivez le texte sans balises.";
            }
        }

        return null;
    }

    /// <summary>« Input.Email » → « Email », « Answers[K1] » → « Answers[K1] »: the field's own name, not a path.</summary>
    private static string Label(string name)
    {
        var dot = name.LastIndexOf('.');
        var label = dot >= 0 ? name[(dot + 1)..] : name;
        return label.Length > 60 ? label[..60] + "…" : label;
    }
}
