using CustomerHealth.Scoring.Alerts;
using CustomerHealth.Scoring.Signals;

namespace CustomerHealth.Scoring.Accounts;

/// <summary>
/// The scoring aggregate of one account: its facts, the alert spans derived from them up to
/// <see cref="EvaluatedThrough"/>, and the CSM's override. Rebuildable from the account's stream.
/// </summary>
/// <param name="Shown">
/// The health written with this version. Null on aggregates stored before it was kept, or rebuilt
/// without writing health: the next write then reads the health document instead.
/// </param>
public sealed record ScoredAccount(
    string Id,
    AccountFacts Facts,
    IReadOnlyList<AlertInterval> AlertIntervals,
    DateTimeOffset? EvaluatedThrough,
    ScoreOverride? Override,
    ShownHealth? Shown = null)
{
    /// <summary>Optimistic concurrency: two instances updating one account cannot lose each other's change.</summary>
    public Guid Version { get; set; }

    public static ScoredAccount New(string accountId) => new(accountId, AccountFacts.Empty(accountId), [], null, null);
}

public sealed record ScoreOverride(string? Band, double? Score, string Reason, DateTimeOffset ExpiresAt, string Author, DateTimeOffset At)
{
    public bool ActiveAt(DateTimeOffset at) => at < ExpiresAt && at >= At;
}
