namespace CustomerHealth.Feedback.Tickets;

/// <summary>Ticket statuses and priorities as help desks report them.</summary>
public static class TicketValues
{
    public static readonly IReadOnlySet<string> Statuses = new HashSet<string>(StringComparer.Ordinal) { "open", "pending", "solved", "closed" };

    /// <summary>Statuses in which the customer still waits.</summary>
    public static readonly IReadOnlySet<string> Unresolved = new HashSet<string>(StringComparer.Ordinal) { "open", "pending" };

    public static readonly IReadOnlyList<string> Priorities = ["low", "normal", "high", "urgent"];
}
