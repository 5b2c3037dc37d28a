namespace CustomerHealth.Billing.RecordingRevenue;

/// <summary>A validated revenue event, as every ingress path (gRPC, REST, Dapr) hands it to the recorder.</summary>
public sealed record RecordRevenueEvent(
    string EventId,
    string AccountId,
    string Kind,
    long MrrMinor,
    string Currency,
    DateTimeOffset OccurredAt,
    string Plan,
    string Source)
{
    /// <summary>Identifies the payload, to tell a harmless redelivery from a conflicting reuse of an event id.</summary>
    public string Fingerprint() =>
        Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(
            string.Join('\u001f', EventId, AccountId, Kind, MrrMinor, Currency, OccurredAt.ToUnixTimeMilliseconds(), Plan, Source))));
}
