namespace CustomerHealth.Scoring.Alerts;

/// <summary>
/// A churn-risk alert as CSMs work it: open → acknowledged → snoozed until T → resolved
/// (automatically when its condition clears, or by hand with a note). Every transition is kept.
/// </summary>
public sealed record ChurnRiskAlert(
    string Id,
    string AccountId,
    string Rule,
    string Reason,
    DateTimeOffset RaisedAt,
    string Status,
    DateTimeOffset? SnoozedUntil,
    DateTimeOffset? ResolvedAt,
    string? Resolution,
    string? Note,
    IReadOnlyList<AlertTransition> Transitions,
    string? OwnerCsm,
    string? Segment,
    string Band,
    long ArrMinor,
    DateOnly? RenewalDate)
{
    public bool IsOpen => Status != AlertStatus.Resolved;

    /// <summary>A snooze ends by itself: past its end the alert is open again.</summary>
    public string StatusAt(DateTimeOffset at) => Status == AlertStatus.Snoozed && SnoozedUntil <= at ? AlertStatus.Open : Status;

    public ChurnRiskAlert Transition(string status, string author, DateTimeOffset at, string? note = null) =>
        this with { Status = status, Transitions = [.. Transitions, new AlertTransition(status, author, at, note)] };
}

public sealed record AlertTransition(string Status, string Author, DateTimeOffset At, string? Note);

public static class AlertStatus
{
    public const string Open = "open";
    public const string Acknowledged = "acknowledged";
    public const string Snoozed = "snoozed";
    public const string Resolved = "resolved";

    public static readonly IReadOnlyList<string> All = [Open, Acknowledged, Snoozed, Resolved];
}
