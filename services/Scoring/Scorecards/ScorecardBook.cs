using System.Reflection;
using System.Text.Json;
using Marten;

namespace CustomerHealth.Scoring.Scorecards;

/// <summary>
/// All scorecard versions, cached. The version in force at a moment is the latest whose
/// <see cref="Scorecard.EffectiveFrom"/> has passed (version 1 before any other), so history and
/// as-of answers use the scorecard of their time. Reloaded every few seconds to see versions
/// published by another instance.
/// </summary>
public sealed class ScorecardBook(IDocumentStore store, TimeProvider clock)
{
    private static readonly TimeSpan RefreshEvery = TimeSpan.FromSeconds(5);
    private readonly SemaphoreSlim _loading = new(1, 1);
    private IReadOnlyList<Scorecard> _versions = [];
    private DateTimeOffset _loadedAt = DateTimeOffset.MinValue;

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    public async Task<IReadOnlyList<Scorecard>> VersionsAsync(CancellationToken ct)
    {
        if (clock.GetUtcNow() - _loadedAt < RefreshEvery && _versions.Count > 0)
        {
            return _versions;
        }

        await _loading.WaitAsync(ct);
        try
        {
            if (clock.GetUtcNow() - _loadedAt >= RefreshEvery || _versions.Count == 0)
            {
                await using var session = store.QuerySession();
                var stored = await session.Query<Scorecard>().OrderBy(s => s.Id).ToListAsync(ct);
                _versions = stored.Count > 0 ? [.. stored] : [Default()];
                _loadedAt = clock.GetUtcNow();
            }

            return _versions;
        }
        finally
        {
            _loading.Release();
        }
    }

    public void Invalidate() => _loadedAt = DateTimeOffset.MinValue;

    public async Task<Scorecard> CurrentAsync(CancellationToken ct) => (await VersionsAsync(ct))[^1];

    public static Scorecard InForceAt(IReadOnlyList<Scorecard> versions, DateTimeOffset at) =>
        versions.LastOrDefault(v => v.EffectiveFrom <= at) ?? versions[0];

    /// <summary>Version 1, shipped in the repository as default-scorecard.json; in force since the beginning of time.</summary>
    public static Scorecard Default()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("CustomerHealth.Scoring.Scorecards.default-scorecard.json")
            ?? throw new InvalidOperationException("default-scorecard.json is not embedded.");
        var draft = JsonSerializer.Deserialize<ScorecardDraft>(stream, Json)!;
        return draft.ToScorecard(1, DateTimeOffset.UnixEpoch, "system", DateTimeOffset.UnixEpoch);
    }
}

/// <summary>A scorecard as written in JSON or sent to PublishScorecard, before it gets a version.</summary>
public sealed record ScorecardDraft(
    string Name,
    BandThresholds Bands,
    IReadOnlyList<ScorecardMeasure> Measures,
    IReadOnlyDictionary<string, IReadOnlyDictionary<string, double>>? SegmentWeights)
{
    public Scorecard ToScorecard(int version, DateTimeOffset effectiveFrom, string publishedBy, DateTimeOffset publishedAt) =>
        new(version, Name, Measures, SegmentWeights ?? new Dictionary<string, IReadOnlyDictionary<string, double>>(), Bands, effectiveFrom, publishedBy, publishedAt);
}
