namespace CustomerHealth.Scoring.Signals;

/// <summary>
/// Marks a source event as applied. Written in the same transaction as the stream append, so a
/// redelivered message is recognised and changes nothing.
/// </summary>
public sealed record ProcessedSignal(string Id, string AccountId, DateTimeOffset ProcessedAt);
