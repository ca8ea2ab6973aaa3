using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Aiguillage.Domain.Partners;
using Aiguillage.Domain.Partners.Standard;
using Aiguillage.Web.Platform.Data;
using Aiguillage.Web.Platform.Imports;
using Microsoft.EntityFrameworkCore;

namespace Aiguillage.Web.Features.Partners;

/// <summary>
/// data·inclusion files, both ways (issue 21 §1). Import: structures and their services in the JSON its API and exports
/// use, each structure becoming a place of the standard through <see cref="DataInclusion.ToStandard"/> and the same
/// validation and writing as any place file; a structure whose SIRET is a partner's is attached to that partner;
/// idempotent by the structures' ids. Export: our places as structures, their services and our workshops as services,
/// valid against data·inclusion's schemas v1.0.8.
/// </summary>
public sealed class DataInclusionFiles(AppDbContext db, ReadSide reads, PlaceStandard standard, TimeProvider clock) : IFileImport
{
    string IFileImport.Name => "data-inclusion";

    string IFileImport.Usage => "FICHIER.json   (structures et services de data·inclusion)";

    string IFileImport.Progress => "Import data·inclusion";

    Task<ImportReport> IFileImport.ImportFileAsync(Stream file, string path, IProgress<double> progress, CancellationToken ct) => ImportAsync(file, progress, ct);

    /// <summary>
    /// The shapes accepted: <c>{"structures": […], "services": […]}</c> (an export of both), a list of structures, or a
    /// page of its API (<c>{"items": […]}</c>); a structure may carry its own <c>services</c> list.
    /// </summary>
    public static bool Recognises(JsonNode? root) => root switch
    {
        JsonObject o => o.ContainsKey("structures") || (o["items"] is JsonArray items && items.OfType<JsonObject>().Any(IsStructure)),
        JsonArray a => a.OfType<JsonObject>().Any() && a.OfType<JsonObject>().All(IsStructure),
        _ => false,
    };

    private static bool IsStructure(JsonObject o) => o.ContainsKey("source") && o.ContainsKey("nom") && (o.ContainsKey("siret") || o.ContainsKey("horaires_accueil") || o.ContainsKey("reseaux_porteurs") || o.ContainsKey("lien_source"));

    public async Task<ImportReport> ImportAsync(Stream input, IProgress<double>? progress = null, CancellationToken ct = default)
    {
        using var buffer = new MemoryStream();
        await input.CopyToAsync(buffer, ct);
        if (buffer.Length > PlaceStandard.MaxBytes)
        {
            throw new ImportFileException($"Le fichier dépasse {PlaceStandard.MaxBytes / 1024 / 1024} Mo.");
        }

        JsonNode? root;
        try
        {
            root = JsonNode.Parse(buffer.ToArray());
        }
        catch (JsonException e)
        {
            throw new ImportFileException($"Ce fichier n'est pas du JSON valide (ligne {e.LineNumber + 1}).");
        }

        return await ImportAsync(root, progress, ct);
    }

    public async Task<ImportReport> ImportAsync(JsonNode? root, IProgress<double>? progress = null, CancellationToken ct = default)
    {
        if (!Recognises(root))
        {
            throw new ImportFileException("Ce fichier n'a pas la forme des fichiers de data·inclusion : { \"structures\": […], \"services\": […] }, une liste de structures, ou une page de son API { \"items\": […] }.");
        }

        var (structures, services) = root switch
        {
            JsonObject o when o.ContainsKey("structures") => (o["structures"] as JsonArray ?? [], o["services"] as JsonArray ?? []),
            JsonObject o => (o["items"] as JsonArray ?? [], new JsonArray()),
            _ => ((JsonArray)root!, new JsonArray()),
        };
        var parsedServices = new List<DiService>();
        var serviceProblems = new List<ImportRejection>();
        for (var i = 0; i < services.Count; i++)
        {
            if (ReadService(services[i], out var problem) is { } service)
            {
                parsedServices.Add(service);
            }
            else
            {
                serviceProblems.Add(new(i + 1, $"service {i + 1} : {problem}"));
            }
        }

        var partners = (await db.Partners.AsNoTracking().Where(p => p.Siret != null).Select(p => new { p.Id, p.Siret }).ToListAsync(ct))
            .GroupBy(p => p.Siret!).ToDictionary(g => g.Key, g => g.Min(p => p.Id), StringComparer.Ordinal);
        var rows = new List<SourceRow>();
        for (var i = 0; i < structures.Count; i++)
        {
            // The « line » of a JSON file is the structure's position in its list, counted from 1.
            if (ReadStructure(structures[i], out var problem) is not { } structure)
            {
                rows.Add(new(i + 1, null, problem));
                continue;
            }

            var own = parsedServices.Where(s => s.StructureId == structure.Id).ToList();
            if (structures[i] is JsonObject { } node && node["services"] is JsonArray nested)
            {
                own.AddRange(nested.Select(n => ReadService(n is JsonObject so && !so.ContainsKey("structure_id") ? WithStructure(so, structure.Id) : n, out _)).OfType<DiService>());
            }

            var (row, notes) = DataInclusion.ToStandard(structure, own);
            int? partner = structure.Siret is { } siret && partners.TryGetValue(siret, out var id) ? id : null;
            rows.Add(new(i + 1, row, null, notes, partner));
        }

        var report = await standard.ImportRowsAsync(rows, $"Fichier data·inclusion : {Plural(structures.Count, "structure")}, {Plural(parsedServices.Count, "service")}. Chaque structure devient un lieu du {PlaceStandard.StandardName} ; ce qui n'a pas d'équivalent est listé ci-dessous.", progress, ct);
        return serviceProblems.Count == 0 ? report : report with { Note = $"{report.Note} Services illisibles : {string.Join(" ; ", serviceProblems.Select(p => p.Reason))}." };
    }

    private static JsonObject WithStructure(JsonObject service, string structureId)
    {
        var copy = (JsonObject)service.DeepClone();
        copy["structure_id"] = structureId;
        return copy;
    }

    private static string Plural(int n, string word) => $"{n.ToString("N0", CultureInfo.GetCultureInfo("fr-FR"))} {word}{(n > 1 ? "s" : string.Empty)}";

    private static string? Text(JsonObject o, string key) => o[key] is JsonValue v && v.TryGetValue<string>(out var s) && !string.IsNullOrWhiteSpace(s) ? s.Trim() : null;

    private static double? Number(JsonObject o, string key) => o[key] is JsonValue v && v.TryGetValue<double>(out var d) ? d
        : Text(o, key) is { } s && double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) ? parsed : null;

    private static List<string>? List(JsonObject o, string key) => o[key] is JsonArray a ? [.. a.OfType<JsonValue>().Select(v => v.TryGetValue<string>(out var s) ? s : null).OfType<string>()] : null;

    private static DiStructure? ReadStructure(JsonNode? node, out string? problem)
    {
        if (node is not JsonObject o)
        {
            problem = "élément qui n'est pas un objet";
            return null;
        }

        var missing = new[] { "source", "id", "nom", "date_maj" }.Where(k => Text(o, k) is null).ToList();
        if (missing.Count > 0)
        {
            problem = string.Join(" ; ", missing.Select(m => $"{m} : valeur obligatoire manquante"));
            return null;
        }

        problem = null;
        return new DiStructure(Text(o, "source")!, Text(o, "id")!, Text(o, "nom")!, Text(o, "date_maj")!, Text(o, "siret"), Text(o, "adresse"), Text(o, "complement_adresse"),
            Text(o, "code_postal"), Text(o, "code_insee"), Text(o, "commune"), Number(o, "latitude"), Number(o, "longitude"), Text(o, "telephone"), Text(o, "courriel"),
            Text(o, "site_web"), Text(o, "description"), Text(o, "horaires_accueil"), Text(o, "accessibilite_lieu"), List(o, "reseaux_porteurs"), Text(o, "lien_source"));
    }

    private static DiService? ReadService(JsonNode? node, out string? problem)
    {
        if (node is not JsonObject o)
        {
            problem = "élément qui n'est pas un objet";
            return null;
        }

        var missing = new[] { "id", "structure_id", "nom" }.Where(k => Text(o, k) is null).ToList();
        if (missing.Count > 0)
        {
            problem = string.Join(" ; ", missing.Select(m => $"{m} : valeur obligatoire manquante"));
            return null;
        }

        problem = null;
        return new DiService(Text(o, "id")!, Text(o, "structure_id")!, Text(o, "nom")!, List(o, "thematiques"), Text(o, "frais"), List(o, "publics"), List(o, "modes_accueil"),
            List(o, "modes_mobilisation"), Text(o, "lien_mobilisation"), Text(o, "type"));
    }

    /// <summary>
    /// Our places as data·inclusion structures, and as services each place's services (one per service of the standard)
    /// and each workshop held at a place (one per workshop and place). Ids are « aiguillage--… », stable across exports.
    /// </summary>
    public async Task<JsonObject> ExportAsync(CancellationToken ct)
    {
        // An export reads from the standby when one is configured (issue 22).
        var source = await reads.DatabaseAsync(ct);
        var places = await source.Places.AsNoTracking().OrderBy(p => p.Id).ToListAsync(ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var held = await (from s in source.WorkshopSessions.AsNoTracking()
                          join w in source.Workshops on s.WorkshopId equals w.Id
                          where s.PlaceId != null && s.CancelledAt == null && s.EndsAt > now.AddDays(-365)
                          select new { s.PlaceId, w.Id, w.Title, w.Services, w.Level, w.Fee, w.Languages }).Distinct().ToListAsync(ct);
        var structures = new JsonArray();
        var services = new JsonArray();
        foreach (var place in places)
        {
            var f = place.Fields;
            string? Get(string key) => f.TryGetValue(key, out var v) && v.Length > 0 ? v : null;
            IReadOnlyList<string> Many(string key) => Get(key)?.Split('|') ?? [];
            var structureId = $"{DataInclusion.Source}--{place.Id}";
            var reseaux = Many("dispositif_programmes_nationaux").Concat(Many("formations_labels")).Select(DataInclusion.ReseauOf).OfType<string>().Distinct().ToList();
            var description = Get("presentation_detail") ?? Get("presentation_resume");
            structures.Add(new JsonObject
            {
                ["source"] = DataInclusion.Source,
                ["id"] = structureId,
                ["nom"] = Clip(place.Name, 150),
                ["date_maj"] = place.UpdatedOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                ["siret"] = Get("pivot") is { Length: 14 } pivot && pivot.All(char.IsAsciiDigit) && pivot != OlderShapes.UnknownPivot ? pivot : null,
                ["adresse"] = Get("adresse"),
                ["complement_adresse"] = Get("complement_adresse"),
                ["code_postal"] = place.PostCode is { Length: 5 } postCode && postCode.All(char.IsAsciiDigit) ? postCode : null,
                ["code_insee"] = place.InseeCode is { Length: 5 } insee ? insee : null,
                ["commune"] = place.Commune,
                ["latitude"] = place.Latitude,
                ["longitude"] = place.Longitude,
                ["telephone"] = Many("telephone") is [var first, ..] ? first : null,
                ["courriel"] = Many("courriels").FirstOrDefault(m => m.Contains('@', StringComparison.Ordinal)),
                ["site_web"] = Many("site_web").FirstOrDefault(IsWebAddress),
                ["description"] = description is { Length: >= 5 } ? Clip(description, 10_000) : null,
                ["horaires_accueil"] = place.Hours,
                ["accessibilite_lieu"] = Get("fiche_acces_libre") is { } access && IsWebAddress(access) ? access : null,
                ["reseaux_porteurs"] = reseaux.Count > 0 ? new JsonArray([.. reseaux.Select(r => (JsonNode)r)]) : null,
            });

            var fees = DataInclusion.Frais(place.Fees);
            var publics = DataInclusion.PublicsOf(Many("publics_specifiquement_adresses"));
            var modes = DataInclusion.ModesOf(Many("modalites_acces"));
            var link = Get("prise_rdv") is { } rdv && IsWebAddress(rdv) ? rdv : null;
            var accueil = Many("modalites_accompagnement").Contains("À distance") ? new[] { "en-presentiel", "a-distance" } : ["en-presentiel"];
            foreach (var service in place.Services)
            {
                services.Add(Service($"{structureId}--{Slug(service)}", structureId, service,
                    $"{service} : accompagnement proposé par {place.Name}, {place.Commune}. Venir avec ses papiers et, si possible, son téléphone.",
                    "accompagnement", DataInclusion.ThematiquesOfService.GetValueOrDefault(service) ?? [], fees, null, publics, modes, link, accueil, place.UpdatedOn));
            }

            foreach (var workshop in held.Where(h => h.PlaceId == place.Id))
            {
                var (frais, precisions) = workshop.Fee switch
                {
                    WorkshopFee.Free => ("gratuit", (string?)null),
                    WorkshopFee.PassNumeriqueAccepted => ("payant", "Pass numérique accepté : l'atelier peut être réglé avec des chèques APTIC."),
                    _ => ("payant", null),
                };
                services.Add(Service($"{structureId}--atelier-{workshop.Id:N}", structureId, workshop.Title,
                    $"Atelier collectif « {workshop.Title} » ({workshop.Level.Label().ToLowerInvariant()}), en {string.Join(", ", workshop.Languages)}, à {place.Name}, {place.Commune}.",
                    "atelier", workshop.Services.SelectMany(s => DataInclusion.ThematiquesOfService.GetValueOrDefault(s) ?? []), frais, precisions, publics, modes, link, ["en-presentiel"], place.UpdatedOn));
            }
        }

        return new JsonObject { ["structures"] = structures, ["services"] = services };
    }

    private static JsonObject Service(string id, string structureId, string name, string description, string type, IEnumerable<string> thematiques, string? frais, string? fraisPrecisions,
        IReadOnlyList<string> publics, IReadOnlyList<string> modes, string? link, IReadOnlyList<string> accueil, DateOnly updatedOn)
    {
        var themes = thematiques.Distinct().ToList();
        var ways = link is null ? modes.Where(m => m != "utiliser-lien-mobilisation").ToList() : [.. modes];
        return new JsonObject
        {
            ["source"] = DataInclusion.Source,
            ["id"] = id,
            ["structure_id"] = structureId,
            ["nom"] = Clip(name.Length < 3 ? $"{name} (atelier)" : name, 150),
            ["description"] = description,
            ["type"] = type,
            ["thematiques"] = new JsonArray([.. themes.Select(t => (JsonNode)t)]),
            ["frais"] = frais,
            ["frais_precisions"] = fraisPrecisions,
            ["publics"] = new JsonArray([.. publics.Select(p => (JsonNode)p)]),
            ["modes_accueil"] = new JsonArray([.. accueil.Select(a => (JsonNode)a)]),
            ["modes_mobilisation"] = ways.Count > 0 ? new JsonArray([.. ways.Select(m => (JsonNode)m)]) : null,
            ["mobilisable_par"] = new JsonArray("usagers", "professionnels"),
            ["lien_mobilisation"] = link,
            ["date_maj"] = updatedOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        };
    }

    private static bool IsWebAddress(string value) => Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" && value.Length <= 2083;

    private static string Clip(string text, int max) => text.Length <= max ? text : text[..max];

    private static string Slug(string text) => new([.. text.ToLowerInvariant().Normalize(System.Text.NormalizationForm.FormD)
        .Where(c => char.IsAsciiLetterOrDigit(c) || c == ' ').Select(c => c == ' ' ? '-' : c)]);
}
