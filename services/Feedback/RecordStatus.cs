namespace CustomerHealth.Feedback;

public enum RecordStatus
{
    Recorded,
    /// <summary>Seen before with the same payload: nothing changed.</summary>
    Duplicate,
    /// <summary>Seen before with a different payload: refused.</summary>
    Conflict,
}

public sealed record RecordOutcome(RecordStatus Status, DateTimeOffset RecordedAt);
