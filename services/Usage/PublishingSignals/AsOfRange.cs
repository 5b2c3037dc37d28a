namespace CustomerHealth.Usage.PublishingSignals;

/// <summary>The as-of days of one account whose metrics may have changed.</summary>
public readonly record struct AsOfRange(DateOnly From, DateOnly To)
{
    public bool Covers(AsOfRange other) => From <= other.From && To >= other.To;

    public AsOfRange Union(AsOfRange other) => new(From < other.From ? From : other.From, To > other.To ? To : other.To);
}
