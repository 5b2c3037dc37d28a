namespace CustomerHealth.Feedback.Tickets;

/// <summary>Domain event on a ticket's stream (keyed by ticket id): one version as the help desk reported it.</summary>
public sealed record SupportTicketVersionRecorded(
    string EventId,
    string TicketId,
    string AccountId,
    string Status,
    string Priority,
    DateTimeOffset OpenedAt,
    DateTimeOffset? FirstResponseAt,
    DateTimeOffset? SolvedAt,
    DateTimeOffset OccurredAt,
    string Subject,
    string Source,
    DateTimeOffset RecordedAt)
{
    /// <summary>Last write by time wins; the event id breaks a tie so every order of arrival agrees.</summary>
    public bool Supersedes(SupportTicket current) =>
        OccurredAt > current.OccurredAt || (OccurredAt == current.OccurredAt && string.CompareOrdinal(EventId, current.EventId) > 0);
}
