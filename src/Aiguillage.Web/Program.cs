using Aiguillage.Web.Features.Partners.ApiKeys;
using Aiguillage.Web.Features.ClientMode;
using Aiguillage.Web.Features.Clients;
using Aiguillage.Web.Features.Demo;
using Aiguillage.Web.Features.Diagnostics;
using Aiguillage.Web.Features.DigitalPass;
using Aiguillage.Web.Features.Offices;
using Aiguillage.Web.Features.Orientation;
using Aiguillage.Web.Features.Partners;
using Aiguillage.Web.Features.Referrals;
using Aiguillage.Web.Features.Steering;
using Aiguillage.Web.Platform;
using Aiguillage.Web.Platform.Cli;
using Aiguillage.Web.Platform.Seeding;

var (command, hostArgs) = CommandLine.Split(args);
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = hostArgs, EnvironmentName = DefaultEnvironment.Name() });
if (command is [var verb, var backup] && verb.Equals("restore", StringComparison.OrdinalIgnoreCase))
{
    // Before anything opens the database: the file is replaced whole, then migrated at the next start.
    return CommandLine.Restore(builder.Configuration, builder.Environment.ContentRootPath, backup);
}

// The list of areas: each registers its own services, jobs, start-up tasks and commands (docs/adr/0021).
// Account, Admin and Home hold pages only.
builder.AddPlatform();
builder.AddOffices();
builder.AddDiagnostics();
builder.AddOrientation();
builder.AddClients();
builder.AddPartners();
builder.AddReferrals();
builder.AddDigitalPass();
builder.AddSteering();
builder.AddClientMode();
builder.AddDemo();

var app = builder.Build();
var seedDemo = command is null && app.Configuration.GetValue("Demo:Seed", true);
await DatabaseInitializer.InitializeAsync(app.Services, app.Environment, seedDemo);
if (command is not null)
{
    return await CommandLine.RunAsync(app.Services, command);
}

app.UsePlatform();
app.MapOfficesApi();
app.MapDiagnosticsApi();
app.MapClientModeApi();
app.MapPlacesApi();
app.MapPartnerApi();
app.MapReferralsApi();
app.MapClientsApi();

if (app.Environment.IsDevelopment() && seedDemo)
{
    app.Lifetime.ApplicationStarted.Register(() => DemoBanner.Print(app));
}

await app.RunAsync();
return 0;
