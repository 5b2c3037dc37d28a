namespace CustomerHealth.Contracts.Feedback;

/// <summary>A support ticket was opened or changed (the latest version by <paramref name="OccurredAt"/> wins).</summary>
/// <param name="Status">"open", "pending", "solved" or "closed".</param>
/// <param name="Priority">"low", "normal", "high" or "urgent".</param>
public sealed record SupportTicketChangedV1(
    string EventId,
    string AccountId,
    string TicketId,
    string Status,
    string Priority,
    DateTimeOffset OpenedAt,
    DateTimeOffset? FirstResponseAt,
    DateTimeOffset? SolvedAt,
    DateTimeOffset OccurredAt);
