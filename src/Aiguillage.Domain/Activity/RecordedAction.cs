using Aiguillage.Domain.Orientation;
using Aiguillage.Domain.Offices;

namespace Aiguillage.Domain.Activity;

/// <summary>What a mediator did (the activity log), in the vocabulary of the three tiers.</summary>
public enum ActionKind
{
    /// <summary>Informé : an information sheet given or explained.</summary>
    Informed = 0,

    /// <summary>Accompagné : hands-on help in the office, on a machine or an app, for some minutes.</summary>
    Accompanied = 1,

    /// <summary>Orientation proposée : a partner's workshop proposed.</summary>
    ReferralProposed = 2,
}

public static class ActionKinds
{
    public static string Label(this ActionKind kind) => kind switch
    {
        ActionKind.Informed => "Information",
        ActionKind.Accompanied => "Accompagnement en bureau",
        _ => "Orientation proposée",
    };

    public static ActionKind For(ActionTier tier) => tier switch
    {
        ActionTier.Inform => ActionKind.Informed,
        ActionTier.Accompany => ActionKind.Accompanied,
        _ => ActionKind.ReferralProposed,
    };
}

/// <summary>
/// One line of a mediator's activity log. Editable by its author for 24 hours, then frozen, so that the activity
/// statistics rest on records nobody rewrites later. No free text: what was done is a catalogue action, a machine
/// and a duration (ARCHITECTURE §4.10).
/// </summary>
public sealed class RecordedAction
{
    public static readonly TimeSpan EditableFor = TimeSpan.FromHours(24);

    public const int MaxMinutes = 240;

    private RecordedAction()
    {
        MediatorId = string.Empty;
    }

    public RecordedAction(Guid id, int officeId, string mediatorId, Guid? clientId, Guid? diagnosticId, DateTime nowUtc) : this()
    {
        Id = id;
        OfficeId = officeId;
        MediatorId = mediatorId;
        ClientId = clientId;
        DiagnosticId = diagnosticId;
        CreatedAt = UpdatedAt = nowUtc;
    }

    public Guid Id { get; private set; }

    public int OfficeId { get; private set; }

    public string MediatorId { get; private set; }

    public Guid? ClientId { get; private set; }

    public Guid? DiagnosticId { get; private set; }

    public ActionKind Kind { get; private set; }

    /// <summary>The catalogue action it was about, when there is one.</summary>
    public string? CatalogueActionId { get; private set; }

    public SelfServiceMachines Machine { get; private set; }

    public int? DurationMinutes { get; private set; }

    public DateTime OccurredAt { get; private set; }

    public DateTime CreatedAt { get; private set; }

    public DateTime UpdatedAt { get; private set; }

    public bool IsEditable(DateTime nowUtc) => nowUtc - CreatedAt < EditableFor;

    /// <summary>Sets what was done; refused once the record is frozen, or when the pieces do not fit together.</summary>
    public void Describe(ActionCatalogue catalogue, ActionKind kind, string? catalogueActionId, SelfServiceMachines machine, int? durationMinutes, DateTime occurredAtUtc, DateTime nowUtc)
    {
        if (!IsEditable(nowUtc))
        {
            throw new DomainException("activity.frozen", "Cette action a été notée il y a plus de 24 heures : elle ne peut plus être modifiée.");
        }

        if (!Enum.IsDefined(kind))
        {
            throw new DomainException("activity.kind-invalid", "Choisissez ce qui a été fait.", nameof(Kind));
        }

        if (catalogueActionId is not null)
        {
            var action = catalogue.Find(catalogueActionId)
                ?? throw new DomainException("activity.action-unknown", "Choisissez une action de la liste.", nameof(CatalogueActionId));
            if (ActionKinds.For(action.Tier) != kind)
            {
                throw new DomainException("activity.action-kind-mismatch", $"« {action.Title} » est une action de type « {ActionKinds.For(action.Tier).Label()} ».", nameof(CatalogueActionId));
            }
        }

        if (machine != SelfServiceMachines.None && (kind != ActionKind.Accompanied || !Enum.IsDefined(machine)))
        {
            throw new DomainException("activity.machine-invalid", "Un automate ne se note que pour un accompagnement, un seul à la fois.", nameof(Machine));
        }

        if (kind == ActionKind.Accompanied && durationMinutes is null)
        {
            throw new DomainException("activity.duration-required", "Indiquez la durée de l'accompagnement en minutes.", nameof(DurationMinutes));
        }

        if (durationMinutes is < 1 or > MaxMinutes)
        {
            throw new DomainException("activity.duration-invalid", $"La durée va de 1 à {MaxMinutes} minutes.", nameof(DurationMinutes));
        }

        if (occurredAtUtc > nowUtc.AddMinutes(5) || occurredAtUtc < nowUtc.AddDays(-7))
        {
            throw new DomainException("activity.date-invalid", "La date est celle du jour de l'action, dans les 7 derniers jours.", nameof(OccurredAt));
        }

        Kind = kind;
        CatalogueActionId = catalogueActionId;
        Machine = machine;
        DurationMinutes = kind == ActionKind.Accompanied ? durationMinutes : null;
        OccurredAt = occurredAtUtc;
        UpdatedAt = nowUtc;
    }
}
