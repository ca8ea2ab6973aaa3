namespace Aiguillage.Web.Features.DigitalPass;

/// <summary>The pass numérique (issue 7): agreements, cheque books, cheques.</summary>
public static class DigitalPassSetup
{
    public static WebApplicationBuilder AddDigitalPass(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<PassService>();
        return builder;
    }
}
