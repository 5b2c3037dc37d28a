namespace CustomerHealth.Feedback.Tickets;

/// <summary>
/// One version of a ticket as a queryable row (id = the version's event id), so metrics can ask
/// which version was current at any moment instead of reading only the latest one.
/// </summary>
public sealed record SupportTicketVersion(
    string Id,
    string TicketId,
    string AccountId,
    string Status,
    string Priority,
    DateTimeOffset OpenedAt,
    DateTimeOffset? FirstResponseAt,
    DateTimeOffset? SolvedAt,
    DateTimeOffset OccurredAt)
{
    public static SupportTicketVersion From(SupportTicketVersionRecorded v) =>
        new(v.EventId, v.TicketId, v.AccountId, v.Status, v.Priority, v.OpenedAt, v.FirstResponseAt, v.SolvedAt, v.OccurredAt);
}
