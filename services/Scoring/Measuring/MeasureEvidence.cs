using CustomerHealth.Scoring.Signals;

namespace CustomerHealth.Scoring.Measuring;

/// <summary>
/// The facts behind a measure's value as shown to a CSM: how many there are, and the source ids of
/// the newest <see cref="MaxShown"/> of them in the order they occurred. Capped because the health
/// read model is rewritten with every signal: an account with thousands of survey answers in the
/// window would otherwise carry every id in every write. The full list is the source service's
/// (ExplainScore asks it).
/// </summary>
public sealed record MeasureEvidence(IReadOnlyList<string> SourceIds, int Count)
{
    public const int MaxShown = 20;

    public static readonly MeasureEvidence None = new([], 0);

    public static MeasureEvidence Of(IAccountSignal fact) => new([fact.SourceId], 1);

    public static MeasureEvidence Of(IEnumerable<IAccountSignal> facts)
    {
        var ordered = facts.Order(OccurrenceOrder.Comparer).ToList();
        return new([.. ordered.Skip(Math.Max(0, ordered.Count - MaxShown)).Select(f => f.SourceId)], ordered.Count);
    }
}
