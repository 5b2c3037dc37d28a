namespace CustomerHealth.Scoring.Scorecards;

/// <summary>
/// A versioned scorecard: which measures count, how each raw value maps to 0-100, their weights
/// (optionally per segment) and the band thresholds. Stored as a Marten document per version.
/// </summary>
public sealed record Scorecard(
    int Id,
    string Name,
    IReadOnlyList<ScorecardMeasure> Measures,
    IReadOnlyDictionary<string, IReadOnlyDictionary<string, double>> SegmentWeights,
    BandThresholds Bands,
    DateTimeOffset EffectiveFrom,
    string PublishedBy,
    DateTimeOffset PublishedAt)
{
    public int Version => Id;

    /// <summary>The measure weights for a segment: the segment's set where one exists, else each measure's own weight.</summary>
    public double WeightOf(ScorecardMeasure measure, string? segment) =>
        segment is not null && SegmentWeights.TryGetValue(segment, out var weights) && weights.TryGetValue(measure.Key, out var w)
            ? w
            : measure.Weight;
}

/// <summary>One measure of a scorecard.</summary>
/// <param name="Curve">Piecewise-linear map from raw value to sub-score; flat beyond its ends.</param>
/// <param name="StaleAfterDays">Older data than this counts as stale and its weight is redistributed.</param>
public sealed record ScorecardMeasure(string Key, double Weight, IReadOnlyList<CurvePoint> Curve, int StaleAfterDays);

public sealed record CurvePoint(double Value, double Score);

/// <summary>red &lt; <see cref="YellowFrom"/> ≤ yellow &lt; <see cref="GreenFrom"/> ≤ green.</summary>
public sealed record BandThresholds(double YellowFrom, double GreenFrom)
{
    public string BandOf(double score) => score >= GreenFrom ? Band.Green : score >= YellowFrom ? Band.Yellow : Band.Red;
}

public static class Band
{
    public const string Red = "red";
    public const string Yellow = "yellow";
    public const string Green = "green";
    public const string Unknown = "unknown";

    public static readonly IReadOnlyList<string> All = [Red, Yellow, Green];

    /// <summary>For sorting and comparisons: red is worst.</summary>
    public static int Rank(string band) => band switch { Red => 0, Yellow => 1, Green => 2, _ => -1 };
}
