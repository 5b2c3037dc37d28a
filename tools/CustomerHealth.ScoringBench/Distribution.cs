using System.Globalization;

namespace CustomerHealth.ScoringBench;

/// <summary>Percentiles of measured durations in milliseconds (nearest rank).</summary>
public sealed class Distribution
{
    private readonly double[] _sorted;

    public Distribution(IEnumerable<double> milliseconds) => _sorted = [.. milliseconds.Order()];

    public int Count => _sorted.Length;

    public double P50 => Percentile(50);

    public double P95 => Percentile(95);

    public double P99 => Percentile(99);

    public double Max => _sorted.Length == 0 ? double.NaN : _sorted[^1];

    public double Percentile(double p) =>
        _sorted.Length == 0 ? double.NaN : _sorted[Math.Clamp((int)Math.Ceiling(p / 100 * _sorted.Length) - 1, 0, _sorted.Length - 1)];

    public string Describe() => Count == 0
        ? "no samples"
        : string.Create(CultureInfo.InvariantCulture, $"p50 {Ms(P50)}, p95 {Ms(P95)}, p99 {Ms(P99)}, max {Ms(Max)} (n={Count:N0})");

    public static string Ms(double ms) => ms switch
    {
        double.NaN => "n/a",
        < 10 => string.Create(CultureInfo.InvariantCulture, $"{ms:0.00} ms"),
        < 1000 => string.Create(CultureInfo.InvariantCulture, $"{ms:0} ms"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{ms / 1000:0.00} s"),
    };
}
