using Aiguillage.Domain.Diagnostics;
using Aiguillage.Domain.Offices;

namespace Aiguillage.Domain.Orientation;

/// <summary>One proposed action and why, in plain French, as the mediator reads it to the client.</summary>
public sealed record Proposal(ActionTier Tier, OrientationAction Action, string Reason);

/// <summary>
/// From a diagnostic to an ordered list of proposals (issue 4):
/// <list type="bullet">
/// <item>Autonomous (top level) → <b>Informer</b>: a sheet for each need, then a partner for each stated need.</item>
/// <item>Intermediate levels → <b>Accompagner en bureau</b> for each need and each weak domain, with what this
/// office has, then a partner for each stated need, then <b>Informer</b>.</item>
/// <item>Proven illectronisme or the two lowest levels → <b>Orienter vers un partenaire</b>, always; equipment and
/// connection help first when equipment is missing; then what can be done in the office today.</item>
/// </list>
/// The actions come from the catalogue (data); only the tier logic is here.
/// </summary>
public static class OrientationRules
{
    /// <summary>A domain under this percentage of its maximum is a gap to work on.</summary>
    public const int WeakDomainPercent = 50;

    public static IReadOnlyList<Proposal> Propose(
        QuestionnaireDefinition questionnaire, ActionCatalogue catalogue, DiagnosticResult result,
        IReadOnlyDictionary<string, string> answers, IReadOnlyList<string> needs, SelfServiceMachines officeMachines)
    {
        var topLevel = questionnaire.Levels.Max(l => l.Value);
        var excluded = result.Illectronisme || result.Level.Value <= 1;
        var hasSmartphone = RoleAnswered(questionnaire, answers, QuestionnaireDefinition.SmartphoneRole);
        var hasInternet = RoleAnswered(questionnaire, answers, QuestionnaireDefinition.InternetAccessRole);
        var weakDomains = result.Domains.Where(d => d.Max > 0 && d.Percent < WeakDomainPercent).Select(d => d.Domain).ToList();

        var proposals = new List<Proposal>();
        void Add(OrientationAction action, string reason)
        {
            if (proposals.All(p => p.Action.Id != action.Id))
            {
                proposals.Add(new Proposal(action.Tier, action, reason));
            }
        }

        bool Available(OrientationAction a) =>
            (a.Machine == SelfServiceMachines.None || officeMachines.HasFlag(a.Machine)) && (!a.RequiresSmartphone || hasSmartphone);

        void ForNeedsAndGaps(ActionTier tier, bool gaps)
        {
            foreach (var need in needs)
            {
                foreach (var action in catalogue.Actions.Where(a => a.Tier == tier && a.Needs.Contains(need) && Available(a)))
                {
                    Add(action, catalogue.NeedReasons[need]);
                }
            }

            if (gaps)
            {
                foreach (var domain in weakDomains)
                {
                    foreach (var action in catalogue.Actions.Where(a => a.Tier == tier && !a.EquipmentHelp && a.Domains.Contains(domain) && Available(a)))
                    {
                        Add(action, catalogue.DomainReasons[domain]);
                    }
                }
            }
        }

        if (excluded)
        {
            if (!hasInternet || !hasSmartphone || result.Level.Value == 0)
            {
                foreach (var action in catalogue.Actions.Where(a => a.Tier == ActionTier.Refer && a.EquipmentHelp))
                {
                    Add(action, catalogue.EquipmentReason);
                }
            }

            ForNeedsAndGaps(ActionTier.Refer, gaps: true);
            if (!proposals.Any(p => p.Tier == ActionTier.Refer && !p.Action.EquipmentHelp))
            {
                Add(catalogue.Find(catalogue.DefaultReferralId)!, catalogue.IllectronismeReason);
            }

            ForNeedsAndGaps(ActionTier.Accompany, gaps: false);
        }
        else if (result.Level.Value < topLevel)
        {
            ForNeedsAndGaps(ActionTier.Accompany, gaps: true);
            // A need the client states is a reason to offer a partner's workshop at any level (issue 16 §11): before,
            // only levels 0 and 1 got one, and a client who asked for a workshop was offered none.
            ForNeedsAndGaps(ActionTier.Refer, gaps: false);
            ForNeedsAndGaps(ActionTier.Inform, gaps: false);
        }
        else
        {
            ForNeedsAndGaps(ActionTier.Inform, gaps: false);
            ForNeedsAndGaps(ActionTier.Refer, gaps: false);
        }

        return proposals;
    }

    /// <summary>Whether the question with this role got a non-zero, applicable answer.</summary>
    private static bool RoleAnswered(QuestionnaireDefinition questionnaire, IReadOnlyDictionary<string, string> answers, string role)
    {
        var question = questionnaire.Questions.Single(q => q.Role == role);
        var option = question.Options.FirstOrDefault(o => answers.TryGetValue(question.Id, out var id) && o.Id == id);
        return option is { Kind: OptionKind.Scored, Points: > 0 };
    }
}
