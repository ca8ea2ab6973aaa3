using Aiguillage.Web.Platform.Security;

namespace Aiguillage.Web.Features.Partners;

/// <summary>The directory exported in the national standard (admins).</summary>
public static class PlacesApi
{
    public static IEndpointRouteBuilder MapPlacesApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/places/export", async (string? format, PlaceStandard standard, CancellationToken ct) => format switch
        {
            null or "csv" => Results.Text(await standard.ExportCsvAsync(ct), "text/csv; charset=utf-8"),
            "json" => Results.Text(await standard.ExportJsonAsync(ct), "application/json; charset=utf-8"),
            _ => Results.ValidationProblem(new Dictionary<string, string[]> { ["format"] = ["Le format est « csv » ou « json »."] }),
        }).RequireAuthorization(Policies.Admin).WithTags("Lieux").WithName("ExportPlaces");
        return app;
    }
}
