using JasperFx.Events;
using Marten.Events.Aggregation;

namespace CustomerHealth.Feedback.Tickets;

/// <summary>A ticket as its latest version (by occurred_at) describes it, whatever order the versions arrived in.</summary>
public sealed record SupportTicket(
    string Id,
    string AccountId,
    string Status,
    string Priority,
    DateTimeOffset OpenedAt,
    DateTimeOffset? FirstResponseAt,
    DateTimeOffset? SolvedAt,
    DateTimeOffset OccurredAt,
    string EventId,
    string Subject,
    int Versions)
{
    public static SupportTicket From(SupportTicketVersionRecorded v, int versions) =>
        new(v.TicketId, v.AccountId, v.Status, v.Priority, v.OpenedAt, v.FirstResponseAt, v.SolvedAt, v.OccurredAt, v.EventId, v.Subject, versions);

    public SupportTicket Apply(SupportTicketVersionRecorded v) =>
        v.Supersedes(this) ? From(v, Versions + 1) : this with { Versions = Versions + 1 };
}

/// <summary>Inline projection: the ticket document commits with its new version.</summary>
public sealed class SupportTicketProjection : SingleStreamProjection<SupportTicket, string>
{
    public static SupportTicket Create(SupportTicketVersionRecorded e) => SupportTicket.From(e, 1);

    public static SupportTicket Apply(SupportTicketVersionRecorded e, SupportTicket current) => current.Apply(e);
}

/// <summary>The idempotency record of a ticket version.</summary>
public sealed record RecordedTicketVersion(string Id, string TicketId, string Fingerprint, DateTimeOffset RecordedAt);
