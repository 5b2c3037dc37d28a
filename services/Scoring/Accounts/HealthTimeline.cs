using CustomerHealth.Scoring.Measuring;
using CustomerHealth.Scoring.Scorecards;
using CustomerHealth.Scoring.Signals;

namespace CustomerHealth.Scoring.Accounts;

/// <summary>An account's computed health at any moment, with the scorecard that was in force then.</summary>
public sealed class HealthTimeline(AccountFacts facts, IReadOnlyList<Scorecard> scorecards)
{
    private readonly Dictionary<DateTimeOffset, HealthScore> _cache = [];

    public HealthScore At(DateTimeOffset at)
    {
        if (!_cache.TryGetValue(at, out var score))
        {
            score = HealthCalculator.Calculate(facts, ScorecardBook.InForceAt(scorecards, at), at);
            _cache[at] = score;
        }

        return score;
    }

    public Scorecard ScorecardAt(DateTimeOffset at) => ScorecardBook.InForceAt(scorecards, at);

    public double? ChangeOver(DateTimeOffset at, TimeSpan span) =>
        At(at).Score is { } now && At(at - span).Score is { } then ? Math.Round(now - then, 2) : null;
}
