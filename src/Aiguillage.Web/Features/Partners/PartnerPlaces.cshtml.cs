using System.Globalization;
using Aiguillage.Domain.Partners;
using Aiguillage.Domain.Partners.OpeningHours;
using Aiguillage.Domain.Partners.Standard;
using Aiguillage.Web.Platform.Data;
using Aiguillage.Web.Platform.Security;
using Aiguillage.Web.Platform.Territories;
using Aiguillage.Web.Platform.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Aiguillage.Web.Features.Partners;

/// <summary>
/// Partner staff keep their organisation's help places up to date (admins any partner's, <c>?partenaire=</c>): the
/// list, and a form for one place (<c>?id=</c>) or a new one. What they type becomes fields of the national standard,
/// validated by its schema like an import, so that the export stays valid; fields the form does not show are kept.
/// </summary>
[Authorize(Policy = Policies.PartnerManager)]
public sealed class PartnerPlacesModel(AppDbContext db, ScopeService scopes, PartnerAccess access, StandardSchema schema, TerritoryDirectory territories, TimeProvider clock, Submissions submissions) : PageModel
{
    /// <summary>The creating form's own id (issue 15 §2): the same form sent twice creates one record.</summary>
    [BindProperty(Name = Submissions.FieldName)]
    public Guid? SubmissionId { get; set; }

    /// <summary>The form's fields and the standard's field each one writes.</summary>
    private static readonly (string Property, string Field)[] FormFields =
    [
        (nameof(Name), "nom"), (nameof(Address), "adresse"), (nameof(PostCode), "code_postal"), (nameof(Commune), "commune"), (nameof(InseeCode), "code_insee"),
        (nameof(Latitude), "latitude"), (nameof(Longitude), "longitude"), (nameof(Hours), "horaires"), (nameof(Phone), "telephone"), (nameof(Email), "courriels"),
        (nameof(Website), "site_web"), (nameof(Summary), "presentation_resume"), (nameof(Services), "services"), (nameof(Support), "prise_en_charge_specifique"),
        (nameof(Fees), "frais_a_charge"), (nameof(Access), "modalites_acces"),
    ];

    [BindProperty(SupportsGet = true, Name = "partenaire")]
    public int? RequestedPartner { get; set; }

    /// <summary>The place edited; none for a new one.</summary>
    [BindProperty(SupportsGet = true, Name = "id")]
    public string? PlaceId { get; set; }

    public Partner Partner { get; private set; } = null!;

    public IReadOnlyList<Place> Places { get; private set; } = [];

    public Place? Editing { get; private set; }

    public string Suffix { get; private set; } = string.Empty;

    /// <summary>How the hours typed read back (« du lundi au vendredi… »), or why they are not understood.</summary>
    public string? HoursPreview { get; private set; }

    public bool Saved { get; private set; }

    /// <summary>The form (<c>/partenaire/lieux/fiche</c>) rather than the list.</summary>
    public bool ShowsForm => RouteData.Values["mode"] is "fiche";

    [BindProperty] public string? Name { get; set; }
    [BindProperty] public string? Address { get; set; }
    [BindProperty] public string? PostCode { get; set; }
    [BindProperty] public string? Commune { get; set; }
    [BindProperty] public string? InseeCode { get; set; }
    [BindProperty] public string? Latitude { get; set; }
    [BindProperty] public string? Longitude { get; set; }
    [BindProperty] public string? Hours { get; set; }
    [BindProperty] public string? Phone { get; set; }
    [BindProperty] public string? Email { get; set; }
    [BindProperty] public string? Website { get; set; }
    [BindProperty] public string? Summary { get; set; }
    [BindProperty(Name = "Services")] public List<string> Services { get; set; } = [];
    [BindProperty(Name = "Support")] public List<string> Support { get; set; } = [];
    [BindProperty(Name = "Fees")] public List<string> Fees { get; set; } = [];
    [BindProperty(Name = "Access")] public List<string> Access { get; set; } = [];

    public IReadOnlyList<string> Vocabulary(string field) => [.. schema.AllowedValues(field).Order(StringComparer.Create(ParisTime.French, false))];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (RequestedPartner is null && (await scopes.GetAsync(ct)).IsNation)
        {
            return LocalRedirect("/admin/partenaires");
        }

        if (!await LoadAsync(ct))
        {
            return NotFound();
        }

        Saved = Request.Query.ContainsKey("enregistre");
        if (Editing is { } place)
        {
            foreach (var (property, field) in FormFields)
            {
                var value = place.Fields.GetValueOrDefault(field);
                switch (GetType().GetProperty(property)!.GetValue(this))
                {
                    case List<string> list:
                        list.AddRange(value?.Split('|') ?? []);
                        break;
                    default:
                        GetType().GetProperty(property)!.SetValue(this, value);
                        break;
                }
            }

            HoursPreview = Describe(Hours);
        }

        return Page();
    }

    public Task<IActionResult> OnPostAsync(CancellationToken ct) =>
        submissions.OnceAsync(this, "partenaire/lieux", SubmissionId, () => CreateOnceAsync(ct), ct);

    private async Task<IActionResult> CreateOnceAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct))
        {
            return NotFound();
        }

        HoursPreview = Describe(Hours);
        if (!ModelState.IsValid)
        {
            return Page();
        }

        var raw = new Dictionary<string, string?>(Editing?.Fields.ToDictionary(f => f.Key, f => (string?)f.Value) ?? [], StringComparer.Ordinal);
        if (Editing is null)
        {
            raw["id"] = $"aiguillage-{Guid.NewGuid():N}";
            raw["source"] = "Aiguillage";
        }

        // The standard's pivot is the SIRET of the structure; « 00000000000000 » when there is none (its documentation).
        raw["pivot"] = Partner.Siret ?? raw.GetValueOrDefault("pivot") ?? "00000000000000";
        raw.TryAdd("structure_parente", Partner.Name);
        raw["date_maj"] = ParisTime.Today(clock).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        foreach (var (property, field) in FormFields)
        {
            raw[field] = GetType().GetProperty(property)!.GetValue(this) switch
            {
                List<string> list => string.Join('|', list),
                var value => (string?)value,
            };
        }

        // A commune known by its INSEE code or postcode places the help place at the commune's centre when the
        // coordinates are left empty: better than a place the search cannot find at all.
        if (string.IsNullOrWhiteSpace(raw["latitude"]) && string.IsNullOrWhiteSpace(raw["longitude"])
            && ((InseeCode is { } insee ? territories.FindCommune(insee.Trim()) : null) ?? (PostCode is { } pc ? territories.FindByPostCode(pc.Trim()) : null)) is { Latitude: { } lat, Longitude: { } lon } commune)
        {
            raw["latitude"] = lat.ToString(CultureInfo.InvariantCulture);
            raw["longitude"] = lon.ToString(CultureInfo.InvariantCulture);
            raw["code_insee"] = string.IsNullOrWhiteSpace(raw["code_insee"]) ? commune.InseeCode : raw["code_insee"];
        }

        var (row, errors) = schema.Validate(raw);
        if (row is null)
        {
            foreach (var error in errors)
            {
                var property = FormFields.FirstOrDefault(f => f.Field == error.Field).Property ?? string.Empty;
                ModelState.AddModelError(property, $"{Label(error.Field)} : {error.Reason}.");
            }

            return Page();
        }

        if (Editing is null)
        {
            var place = new Place(row);
            place.AttachTo(Partner.Id);
            db.Places.Add(place);
            PlaceId = place.Id;
        }
        else
        {
            var tracked = await db.Places.FirstAsync(p => p.Id == Editing.Id, ct);
            tracked.Update(row);
        }

        await db.SaveChangesAsync(ct);
        await PlaceFinder.RelocateSessionsAsync(db, [PlaceId!], clock.GetUtcNow().UtcDateTime, ct);
        var query = Suffix.Length == 0 ? "?" : Suffix + "&";
        return LocalRedirect($"/partenaire/lieux/fiche{query}id={Uri.EscapeDataString(PlaceId!)}&enregistre=1");
    }

    private static string? Describe(string? hours)
    {
        if (string.IsNullOrWhiteSpace(hours))
        {
            return null;
        }

        var parsed = OpeningSchedule.Parse(hours);
        return parsed.Schedule is { } s
            ? $"Compris : {s.ToFrench()}." + (s.UsesSchoolHolidays ? " Les vacances scolaires (SH) sont celles de la zone du département du lieu ; en Corse et outre-mer, elles ne sont pas connues." : string.Empty)
            : $"Horaires non compris par le système ({parsed.Problem}) : ils seront affichés tels qu'écrits et signalés « à vérifier ». Format conseillé : « Mo-Fr 09:00-12:00,14:00-17:00; Sa 09:00-12:00 ».";
    }

    private static string Label(string field) => field switch
    {
        "nom" => "Nom",
        "adresse" => "Adresse",
        "code_postal" => "Code postal",
        "commune" => "Commune",
        "code_insee" => "Code INSEE",
        "latitude" => "Latitude",
        "longitude" => "Longitude",
        "horaires" => "Horaires",
        "telephone" => "Téléphone",
        "courriels" => "Courriel",
        "site_web" => "Site web",
        "services" => "Services",
        _ => field,
    };

    private async Task<bool> LoadAsync(CancellationToken ct)
    {
        if (await access.ResolveAsync(RequestedPartner, ct) is not { } partner)
        {
            return false;
        }

        Partner = partner;
        Suffix = PartnerAccess.Suffix(partner, await scopes.GetAsync(ct));
        Places = await db.Places.AsNoTracking().Where(p => p.PartnerId == partner.Id).OrderBy(p => p.Name).ToListAsync(ct);
        if (PlaceId is not null)
        {
            // A place of another organisation is answered like a missing one.
            Editing = Places.FirstOrDefault(p => p.Id == PlaceId);
            return Editing is not null;
        }

        return true;
    }
}
