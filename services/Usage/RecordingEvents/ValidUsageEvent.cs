namespace CustomerHealth.Usage.RecordingEvents;

/// <summary>An event that passed validation, in the shape it is copied to PostgreSQL.</summary>
public readonly record struct ValidUsageEvent(
    string AccountId,
    string EventId,
    string UserId,
    string Feature,
    DateTime OccurredAtUtc,
    long Quantity,
    string? PropertiesJson)
{
    public DateOnly Day => UtcDay.Of(OccurredAtUtc);
}
