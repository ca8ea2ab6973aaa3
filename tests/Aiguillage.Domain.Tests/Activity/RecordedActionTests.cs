using System.Text.Json;
using System.Text.Json.Serialization;
using Aiguillage.Domain.Offices;
using Aiguillage.Domain.Activity;
using Aiguillage.Domain.Orientation;

namespace Aiguillage.Domain.Tests.Activity;

public sealed class RecordedActionTests
{
    private static readonly ActionCatalogue Catalogue = JsonSerializer.Deserialize<ActionCatalogue>(
        File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Data", "orientation", "actions.json")),
        new JsonSerializerOptions(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } })!;

    private static readonly DateTime Now = new(2026, 11, 26, 10, 0, 0, DateTimeKind.Utc);

    private static RecordedAction New() => new(Guid.NewGuid(), 1, "mediator", null, null, Now);

    [Fact]
    public void An_accompaniment_on_a_machine_is_recorded_with_its_duration()
    {
        var action = New();
        action.Describe(Catalogue, ActionKind.Accompanied, "acc-automate", SelfServiceMachines.PostageKiosk, 15, Now, Now);
        Assert.Equal((ActionKind.Accompanied, 15, SelfServiceMachines.PostageKiosk), (action.Kind, action.DurationMinutes, action.Machine));
    }

    [Fact]
    public void It_can_be_changed_for_24_hours_then_it_is_frozen()
    {
        var action = New();
        action.Describe(Catalogue, ActionKind.Informed, "fiche-caf", SelfServiceMachines.None, null, Now, Now);
        action.Describe(Catalogue, ActionKind.Informed, "fiche-impots", SelfServiceMachines.None, null, Now, Now.AddHours(23.9));
        Assert.Equal("fiche-impots", action.CatalogueActionId);
        Assert.False(action.IsEditable(Now.AddHours(24)));
        var error = Assert.Throws<DomainException>(() => action.Describe(Catalogue, ActionKind.Informed, "fiche-caf", SelfServiceMachines.None, null, Now, Now.AddHours(24)));
        Assert.Equal("activity.frozen", error.Code);
        Assert.Equal("fiche-impots", action.CatalogueActionId);
    }

    [Theory]
    [InlineData(ActionKind.Accompanied, null, SelfServiceMachines.None, null, "activity.duration-required")]
    [InlineData(ActionKind.Accompanied, null, SelfServiceMachines.None, 0, "activity.duration-invalid")]
    [InlineData(ActionKind.Accompanied, null, SelfServiceMachines.None, 241, "activity.duration-invalid")]
    [InlineData(ActionKind.Informed, null, SelfServiceMachines.CashMachine, null, "activity.machine-invalid")]
    [InlineData(ActionKind.Informed, "acc-automate", SelfServiceMachines.None, null, "activity.action-kind-mismatch")]
    [InlineData(ActionKind.Informed, "inconnue", SelfServiceMachines.None, null, "activity.action-unknown")]
    [InlineData((ActionKind)9, null, SelfServiceMachines.None, null, "activity.kind-invalid")]
    public void Pieces_that_do_not_fit_are_refused(ActionKind kind, string? catalogueId, SelfServiceMachines machine, int? minutes, string code)
    {
        var error = Assert.Throws<DomainException>(() => New().Describe(Catalogue, kind, catalogueId, machine, minutes, Now, Now));
        Assert.Equal(code, error.Code);
    }

    [Fact]
    public void The_date_is_within_the_last_week_and_not_in_the_future()
    {
        Assert.Throws<DomainException>(() => New().Describe(Catalogue, ActionKind.Informed, null, SelfServiceMachines.None, null, Now.AddDays(-8), Now));
        Assert.Throws<DomainException>(() => New().Describe(Catalogue, ActionKind.Informed, null, SelfServiceMachines.None, null, Now.AddHours(2), Now));
    }
}
