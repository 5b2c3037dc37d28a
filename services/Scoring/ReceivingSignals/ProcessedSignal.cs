namespace CustomerHealth.Scoring.ReceivingSignals;

/// <summary>
/// Marks a source event as applied. Inserted in the same transaction as the stream append, so a
/// redelivered message fails the insert and changes nothing.
/// </summary>
public sealed record ProcessedSignal(string Id, DateTimeOffset ProcessedAt)
{
    public static string KeyFor(string origin, string sourceEventId) => $"{origin}/{sourceEventId}";
}
