using System.Collections;
using System.Collections.Concurrent;
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

    /// <summary>
    /// Per type, once (issue 23 §2: looked up by reflection at every request before): null when it is not one of the
    /// app's own request records (C# records: they have a compiler-made <c>&lt;Clone&gt;$</c>), never the services an
    /// endpoint also receives; else its readable properties with their JSON names.
    /// </summary>
    private static readonly ConcurrentDictionary<Type, RecordProperty[]?> Records = new();

    private sealed record RecordProperty(string JsonName, PropertyInfo Property);

    private static bool IsRequestRecord(Type type) => PropertiesOf(type) is not null;

    private static RecordProperty[]? PropertiesOf(Type type) => Records.GetOrAdd(type, static t =>
        t.Namespace?.StartsWith("Aiguillage.", StringComparison.Ordinal) == true && t.IsClass && t.GetMethod("<Clone>$") is not null
            ? [.. t.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.GetIndexParameters().Length == 0)
                .Select(p => new RecordProperty(JsonNamingPolicy.CamelCase.ConvertName(p.Name), p))]
            : null);

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
                if (depth < 4 && PropertiesOf(value.GetType()) is { } properties)
                {
                    foreach (var p in properties)
                    {
                        Walk(p.Property.GetValue(value), Join(path, p.JsonName), errors, depth + 1);
                    }
                }

                return;
        }
    }

    private static string Join(string path, string name) => path.Length == 0 ? name : $"{path}.{name}";
}
