using Aiguillage.Web.Platform.Imports;

namespace Aiguillage.Web.Features.Offices;

/// <summary>The offices register (issue 1): its importer (also the <c>import offices</c> command) and the office locator.</summary>
public static class OfficesSetup
{
    public static WebApplicationBuilder AddOffices(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<OfficeImporter>();
        builder.Services.AddSingleton(new Platform.Web.ApiTag("Bureaux", "Les bureaux de poste du programme, dans votre périmètre."));
        builder.Services.AddScoped<IFileImport>(sp => sp.GetRequiredService<OfficeImporter>());
        builder.Services.AddSingleton<OfficeLocator>();
        return builder;
    }
}
