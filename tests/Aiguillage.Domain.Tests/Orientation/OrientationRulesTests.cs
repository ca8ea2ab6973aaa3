using System.Text.Json;
using System.Text.Json.Serialization;
using Aiguillage.Domain.Diagnostics;
using Aiguillage.Domain.Offices;
using Aiguillage.Domain.Orientation;
using Aiguillage.Domain.Tests.Diagnostics;

namespace Aiguillage.Domain.Tests.Orientation;

public sealed class OrientationRulesTests
{
    private static readonly ActionCatalogue Catalogue = JsonSerializer.Deserialize<ActionCatalogue>(
        File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Data", "orientation", "actions.json")),
        new JsonSerializerOptions(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } })!;

    private const SelfServiceMachines AllMachines = SelfServiceMachines.PostageKiosk | SelfServiceMachines.CashMachine
        | SelfServiceMachines.ParcelLocker | SelfServiceMachines.PublicTablet | SelfServiceMachines.PrinterScanner;

    private static IReadOnlyList<Proposal> Propose(Dictionary<string, string> answers, string[] needs, SelfServiceMachines machines = AllMachines) =>
        OrientationRules.Propose(Questionnaires.V1, Catalogue, DiagnosticScorer.Score(Questionnaires.V1, answers), answers, needs, machines);

    [Fact]
    public void The_catalogue_is_valid_for_the_questionnaire() => Assert.Empty(Catalogue.Validate(Questionnaires.V1));

    [Fact]
    public void An_autonomous_client_is_informed_with_a_sheet_for_each_need_then_offered_a_partner_for_it()
    {
        var proposals = Propose(Questionnaires.Answers(8, 18), ["impots", "scolarite"]);
        var tiers = proposals.Select(p => p.Tier).Distinct().ToList();
        Assert.Equal([ActionTier.Inform, ActionTier.Refer], tiers);
        Assert.Contains(proposals, p => p.Action.Id == "fiche-impots" && p.Reason == "parce que vous souhaitez déclarer vos impôts en ligne");
        Assert.Contains(proposals, p => p.Action.Id == "fiche-scolarite" && p.Reason == "parce que vous souhaitez suivre la scolarité de vos enfants en ligne");
        // Issue 16 §11: a stated need is a reason for a partner at any level, said in words.
        Assert.Contains(proposals, p => p.Action.Id == "ori-demarches" && p.Reason == "parce que vous souhaitez déclarer vos impôts en ligne");
        Assert.Contains(proposals, p => p.Action.Id == "ori-parentalite");
        Assert.DoesNotContain(Propose(Questionnaires.Answers(8, 18), []), p => p.Tier == ActionTier.Refer);
    }

    [Fact]
    public void A_client_in_between_is_accompanied_in_the_office_first_then_offered_a_partner_for_a_need_then_informed()
    {
        var proposals = Propose(Questionnaires.Answers(5, 11), ["colis-courrier"]);   // level 3, « En progression »
        Assert.Equal(ActionTier.Accompany, proposals[0].Tier);
        Assert.Contains(proposals, p => p.Action.Id == "acc-automate");
        Assert.Contains(proposals, p => p.Action.Id == "fiche-colis" && p.Tier == ActionTier.Inform);
        // Issue 16 §11: before, no partner unless the level was 0 or 1; the need's reason goes with it.
        Assert.Contains(proposals, p => p.Action.Id == "ori-bases" && p.Reason == "parce que vous souhaitez suivre vos colis et envoyer du courrier en ligne");
        Assert.Equal([ActionTier.Accompany, ActionTier.Refer, ActionTier.Inform], proposals.Select(p => p.Tier).Distinct().ToList());
        var tiers = proposals.Select(p => p.Tier).ToList();
        Assert.Equal(tiers.OrderBy(t => t switch { ActionTier.Accompany => 0, ActionTier.Refer => 1, _ => 2 }), tiers);

        // A weak domain alone is worked on in the office: no partner without a stated need.
        Assert.DoesNotContain(Propose(Questionnaires.Answers(5, 11), []), p => p.Tier == ActionTier.Refer);
    }

    [Fact]
    public void An_office_without_machines_gets_no_machine_accompaniment()
    {
        var proposals = Propose(Questionnaires.Answers(5, 11), ["colis-courrier", "banque", "caf"], SelfServiceMachines.None);
        Assert.DoesNotContain(proposals, p => p.Action.Machine != SelfServiceMachines.None);
        Assert.Contains(proposals, p => p.Action.Id == "acc-appli-laposte");
    }

    [Fact]
    public void Weak_domains_are_worked_on_with_their_reason()
    {
        var answers = Questionnaires.Answers(6, 12);
        answers["K9"] = "non";   // protection: 0 %
        var proposals = Propose(answers, []);
        var security = Assert.Single(proposals, p => p.Action.Id == "acc-securite");
        Assert.Equal("parce que reconnaître les arnaques vous est encore difficile", security.Reason);
    }

    [Fact]
    public void Proven_illectronisme_without_equipment_gets_equipment_help_first_then_a_referral()
    {
        var answers = Questionnaires.Answers(0, 0);
        var proposals = Propose(answers, ["caf"]);
        Assert.True(DiagnosticScorer.Score(Questionnaires.V1, answers).Illectronisme);
        Assert.True(proposals[0].Action.EquipmentHelp);
        Assert.Equal(Catalogue.EquipmentReason, proposals[0].Reason);
        Assert.Contains(proposals, p => p.Action.Id == "ori-demarches" && p.Reason == "parce que vous souhaitez faire vos démarches avec la CAF");
        var firstReferral = proposals.First(p => !p.Action.EquipmentHelp);
        Assert.Equal(ActionTier.Refer, firstReferral.Tier);
        Assert.DoesNotContain(proposals, p => p.Action.RequiresSmartphone);
    }

    [Fact]
    public void Proven_illectronisme_with_equipment_is_always_referred_even_without_needs()
    {
        var answers = Questionnaires.Answers(8, 0);
        var proposals = Propose(answers, []);
        Assert.DoesNotContain(proposals, p => p.Action.EquipmentHelp);
        Assert.Equal(ActionTier.Refer, proposals[0].Tier);
        Assert.Contains(proposals, p => p.Action.Id == Catalogue.DefaultReferralId);
    }

    public static TheoryData<string> AllNeeds => [.. Questionnaires.V1.Needs.Select(n => n.Id)];

    [Theory]
    [MemberData(nameof(AllNeeds))]
    public void Every_need_gets_a_proposal_with_its_own_reason_at_every_tier(string need)
    {
        foreach (var (equipment, knowHow) in new[] { (8, 18), (5, 11), (8, 0) })
        {
            var proposals = Propose(Questionnaires.Answers(equipment, knowHow), [need]);
            Assert.Contains(proposals, p => p.Reason == Catalogue.NeedReasons[need] || p.Reason == Catalogue.EquipmentReason);
        }
    }
}
