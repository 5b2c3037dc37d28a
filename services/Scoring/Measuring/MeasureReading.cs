namespace CustomerHealth.Scoring.Measuring;

/// <summary>
/// One measure's raw value at a point in time: null when there is no data; <see cref="ObservedAt"/>
/// is when the newest fact behind it occurred (for staleness), <see cref="Evidence"/> the facts.
/// </summary>
public sealed record MeasureReading(string Key, double? Value, DateTimeOffset? ObservedAt, MeasureEvidence Evidence, string Detail)
{
    public IReadOnlyList<string> SourceIds => Evidence.SourceIds;

    public static MeasureReading NoData(string key, string detail) => new(key, null, null, MeasureEvidence.None, detail);
}
