namespace CustomerHealth.Scoring.Signals;

/// <summary>
/// A fact about an account that scoring judges by when it occurred, not when it arrived.
/// <see cref="SourceId"/> ("origin/event id") makes a redelivery recognisable.
/// </summary>
public interface IAccountSignal
{
    string SourceId { get; }

    DateTimeOffset OccurredAt { get; }
}
