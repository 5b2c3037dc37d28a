using CustomerHealth.Scoring.Measuring;
using CustomerHealth.Scoring.Scorecards;
using CustomerHealth.Scoring.Signals;

namespace CustomerHealth.Scoring.Accounts;

/// <summary>An account's computed health at any moment, with the scorecard that was in force then.</summary>
public sealed class HealthTimeline(AccountFacts facts, IReadOnlyList<Scorecard> scorecards)
{
    private readonly Dictionary<DateTimeOffset, HealthScore> _explained = [];
    private readonly Dictionary<DateTimeOffset, HealthScore> _unexplained = [];

    /// <summary>The health with every measure's explanation.</summary>
    public HealthScore At(DateTimeOffset at)
    {
        if (!_explained.TryGetValue(at, out var score))
        {
            score = HealthCalculator.Calculate(facts, ScorecardAt(at), at);
            _explained[at] = score;
        }

        return score;
    }

    /// <summary>
    /// The same score and band without the measures' texts and source ids, for alert rules and trends,
    /// which read a score at many moments and show none of its explanation.
    /// </summary>
    public HealthScore ScoreAt(DateTimeOffset at)
    {
        if (_explained.TryGetValue(at, out var explained))
        {
            return explained;
        }

        if (!_unexplained.TryGetValue(at, out var score))
        {
            score = HealthCalculator.CalculateUnexplained(facts, ScorecardAt(at), at);
            _unexplained[at] = score;
        }

        return score;
    }

    public Scorecard ScorecardAt(DateTimeOffset at) => ScorecardBook.InForceAt(scorecards, at);

    public double? ChangeOver(DateTimeOffset at, TimeSpan span) =>
        ScoreAt(at).Score is { } now && ScoreAt(at - span).Score is { } then ? Math.Round(now - then, 2) : null;
}
