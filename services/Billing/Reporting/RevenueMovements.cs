namespace CustomerHealth.Billing.Reporting;

/// <summary>One month's (or a cut month's) MRR movements in minor units of the reporting currency.</summary>
public sealed record MonthMovements(
    string Month,
    DateTimeOffset Start,
    DateTimeOffset End,
    long StartingMrr,
    long New,
    long Expansion,
    long Contraction,
    long Churn,
    long Reactivation,
    long EndingMrr,
    long InvoluntaryChurn,
    int NewAccounts,
    int ChurnedAccounts,
    int ReactivatedAccounts)
{
    public long Net => New + Expansion + Reactivation - Contraction - Churn;
}

/// <summary>
/// Monthly MRR movements over a portfolio. Every MRR change is one movement, classified by the
/// MRR before and after it, so starting MRR + net movement = ending MRR in every month.
/// </summary>
public static class RevenueMovements
{
    public static IReadOnlyList<MonthMovements> Compute(IEnumerable<ConvertedTimeline> accounts, DateTimeOffset from, DateTimeOffset to)
    {
        var months = MonthsBetween(from, to).Select(m => new Accumulator(m.Label, m.Start, m.End)).ToList();
        foreach (var account in accounts)
        {
            foreach (var month in months)
            {
                month.Add(account);
            }
        }

        return [.. months.Select(m => m.Result())];
    }

    /// <summary>UTC calendar months overlapping [from, to), cut at both bounds.</summary>
    public static IEnumerable<(string Label, DateTimeOffset Start, DateTimeOffset End)> MonthsBetween(DateTimeOffset from, DateTimeOffset to)
    {
        from = from.ToUniversalTime();
        to = to.ToUniversalTime();
        var monthStart = new DateTimeOffset(from.Year, from.Month, 1, 0, 0, 0, TimeSpan.Zero);
        while (monthStart < to)
        {
            var next = monthStart.AddMonths(1);
            yield return ($"{monthStart:yyyy-MM}", monthStart < from ? from : monthStart, next > to ? to : next);
            monthStart = next;
        }
    }

    private sealed class Accumulator(string label, DateTimeOffset start, DateTimeOffset end)
    {
        private long _starting, _new, _expansion, _contraction, _churn, _reactivation, _ending, _involuntary;
        private int _newAccounts, _churnedAccounts, _reactivatedAccounts;

        public void Add(ConvertedTimeline account)
        {
            _starting += account.MrrBefore(start);
            _ending += account.MrrBefore(end);
            foreach (var p in account.Points.Where(p => p.At >= start && p.At < end))
            {
                var delta = p.Mrr - p.Previous;
                switch (MrrMovement.Classify(p.Previous, p.Mrr, p.PaidBefore))
                {
                    case MrrMovement.New:
                        _new += delta;
                        _newAccounts++;
                        break;
                    case MrrMovement.Reactivation:
                        _reactivation += delta;
                        _reactivatedAccounts++;
                        break;
                    case MrrMovement.Expansion:
                        _expansion += delta;
                        break;
                    case MrrMovement.Contraction:
                        _contraction -= delta;
                        break;
                    case MrrMovement.Churn:
                        _churn -= delta;
                        _churnedAccounts++;
                        _involuntary -= p.Involuntary ? delta : 0;
                        break;
                }
            }
        }

        public MonthMovements Result() => new(
            label, start, end, _starting, _new, _expansion, _contraction, _churn, _reactivation, _ending, _involuntary,
            _newAccounts, _churnedAccounts, _reactivatedAccounts);
    }
}
