using CustomerHealth.Billing.Ledger;

namespace CustomerHealth.Billing.Reporting;

/// <summary>An account's MRR points in minor units of the reporting currency, for portfolio figures.</summary>
public sealed record ConvertedPoint(DateTimeOffset At, long Mrr, long Previous, bool PaidBefore, bool Involuntary);

public sealed record ConvertedTimeline(string AccountId, IReadOnlyList<ConvertedPoint> Points, bool InvoluntarilyChurned)
{
    /// <summary>Null when some amount has no exchange rate; the currency is added to <paramref name="unconverted"/>.</summary>
    public static ConvertedTimeline? From(string accountId, AccountTimeline timeline, ReportingCurrency currency, ISet<string> unconverted)
    {
        var points = new List<ConvertedPoint>(timeline.Points.Count);
        foreach (var p in timeline.Points)
        {
            var mrr = currency.ToReportingMinor(p.Mrr);
            var previous = currency.ToReportingMinor(p.Previous);
            if (mrr is null || previous is null)
            {
                unconverted.Add(mrr is null ? p.Mrr.Currency : p.Previous.Currency);
                return null;
            }

            points.Add(new ConvertedPoint(p.At, mrr.Value, previous.Value, p.PaidBefore, p.Cause == RevenueEventKinds.InvoluntaryChurn));
        }

        return new ConvertedTimeline(accountId, points, timeline.InvoluntarilyChurned);
    }

    public long MrrBefore(DateTimeOffset at) => Points.LastOrDefault(p => p.At < at)?.Mrr ?? 0;

    public long MrrAt(DateTimeOffset at) => Points.LastOrDefault(p => p.At <= at)?.Mrr ?? 0;
}
