namespace Aiguillage.Web.Platform;

/// <summary>
/// <c>dotnet run</c> should give the demo (Development) while <c>ASPNETCORE_ENVIRONMENT=Production dotnet run</c>
/// must give Production. A launch profile that set ASPNETCORE_ENVIRONMENT would override the caller's choice, so
/// the profile sets AIGUILLAGE_DEFAULT_ENVIRONMENT instead, used only when neither ASPNETCORE_ENVIRONMENT nor
/// DOTNET_ENVIRONMENT is set. A published app without a profile stays Production by default.
/// </summary>
public static class DefaultEnvironment
{
    public static string? Name() =>
        string.IsNullOrEmpty(Environment.GetEnvironmentVariable("ASPNETCORE_ENVIRONMENT"))
        && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("DOTNET_ENVIRONMENT"))
            ? Environment.GetEnvironmentVariable("AIGUILLAGE_DEFAULT_ENVIRONMENT") is { Length: > 0 } name ? name : null
            : null;
}
