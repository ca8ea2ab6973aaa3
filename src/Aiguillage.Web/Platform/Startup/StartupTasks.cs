namespace Aiguillage.Web.Platform.Startup;

/// <summary>
/// Work an area needs done after the migrations and before anyone is served (the clients' retention, say); run in the
/// order the areas are added, each in its own scope. Platform runs them without knowing whose they are (docs/adr/0021).
/// </summary>
public interface IStartupTask
{
    Task RunAsync(CancellationToken ct);
}

/// <summary>Demo data an area adds on an empty Development database (docs/adr/0005), before the start-up tasks.</summary>
public interface IDemoData
{
    Task SeedAsync(CancellationToken ct);
}
