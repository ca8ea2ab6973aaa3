using System.Collections;
using System.Reflection;
using System.Text.Json;

namespace Aiguillage.Web.Platform.Web;

/// <summary>
/// The API's half of <see cref="FormInputGuard"/> (issue 9 §6): every string of a request body — properties of the
/// app's own request records, list items, dictionary keys and values — is checked by the same rules before the
/// endpoint runs, and refused with 400 problem+json naming the property. Beyond the reason of defence in depth, a NUL
/// character would otherwise reach PostgreSQL, which refuses it in text (SQLSTATE 22021) with a server error.
/// </summary>
public sealed class ApiInputGuard : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var errors = new Dictionary<string, string[]>();
        foreach (var argument in context.Arguments)
        {
            if (argument is not null && IsRequestRecord(argument.GetType()))
            {
                Check(argument, errors);
            }
        }

        return errors.Count > 0 ? Refuse(errors) : await next(context);
    }

    public static IResult Refuse(Dictionary<string, string[]> errors) =>
        Results.ValidationProblem(errors, title: "Saisie refusée", detail: "Certaines valeurs contiennent ce qu'aucun champ n'accepte.");

    /// <summary>Adds to <paramref name="errors"/> a message per refused string, keyed by its JSON path (« answers.K1 »).</summary>
    public static void Check(object value, Dictionary<string, string[]> errors) => Walk(value, string.Empty, errors, depth: 0);

    /// <summary>The app's own request records (C# records: they have a compiler-made <c>&lt;Clone&gt;$</c>), never the services an endpoint also receives.</summary>
    private static bool IsRequestRecord(Type type) =>
        type.Namespace?.StartsWith("Aiguillage.", StringComparison.Ordinal) == true && type.IsClass && type.GetMethod("<Clone>$") is not null;

    private static void Walk(object? value, string path, Dictionary<string, string[]> errors, int depth)
    {
        switch (value)
        {
            case null:
                return;
            case string text:
                if (FormInputGuard.Problem(text) is { } problem)
                {
                    errors.TryAdd(path, [$"La valeur {problem}"]);
                }

                return;
            case IDictionary dictionary when depth < 4:
                foreach (DictionaryEntry entry in dictionary)
                {
                    var key = Convert.ToString(entry.Key, System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty;
                    Walk(key, Join(path, "(clé)"), errors, depth + 1);
                    Walk(entry.Value, Join(path, key), errors, depth + 1);
                }

                return;
            case IEnumerable items when depth < 4:
                var i = 0;
                foreach (var item in items)
                {
                    Walk(item, $"{path}[{i++}]", errors, depth + 1);
                }

                return;
            default:
                if (depth < 4 && IsRequestRecord(value.GetType()))
                {
                    foreach (var property in value.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.GetIndexParameters().Length == 0))
                    {
                        Walk(property.GetValue(value), Join(path, JsonNamingPolicy.CamelCase.ConvertName(property.Name)), errors, depth + 1);
                    }
                }

                return;
        }
    }

    private static string Join(string path, string name) => path.Length == 0 ? name : $"{path}.{name}";
}
