using CustomerHealth.Contracts.Billing;
using CustomerHealth.Contracts.Feedback;
using CustomerHealth.Contracts.Usage;

namespace CustomerHealth.ScoringBench;

/// <summary>
/// The live signal mix of the latency phase, occurring "now", for accounts picked uniformly from the
/// portfolio and varying around each account's profile: half usage snapshots, a third revenue
/// changes, a tenth NPS answers, and payment failures (one in twenty, each raising a payment-risk
/// alert unless one is open). Message n always has the same kind and account; its id carries the run tag and n.
/// </summary>
public static class LiveSignals
{
    public sealed record Signal(object Message, string SourceId);

    public static Signal Make(string run, int n, int accounts, DateTimeOffset now)
    {
        var random = new Random(n);
        var profile = SyntheticPortfolio.ProfileOf(random.Next(accounts), DateOnly.FromDateTime(now.UtcDateTime));
        var account = profile.Id;
        var id = $"lat-{run}-{n}";
        var kind = random.Next(100);
        if (kind < 50)
        {
            var u = SyntheticPortfolio.Usage(id, profile, random, now);
            return new Signal(
                new AccountUsageChangedV1(id, account, u.AsOfDay, u.Dau, u.Wau, u.Mau, u.AverageDau28, u.ActiveUsers, u.CoreFeaturesUsed28,
                    u.CoreFeaturesConfigured, u.EventsLast14Days, u.EventsPrevious14Days, u.LastActiveAt, now),
                $"usage/{id}");
        }

        if (kind < 85)
        {
            var r = SyntheticPortfolio.Revenue(id, profile, random, now);
            return new Signal(new RevenueChangedV1(id, account, r.Kind, r.MrrMinor, "USD", now, "growth", "bench", now), $"billing/revenue/{id}");
        }

        if (kind < 95)
        {
            var s = SyntheticPortfolio.Nps(id, profile, random, now);
            return new Signal(new SurveyAnsweredV1(id, account, "nps", s.Score, s.RespondentId, null, now), $"feedback/survey/{id}");
        }

        return new Signal(new PaymentFailedV1(id, account, $"{id}-inv", profile.MrrMinor, "USD", now.AddDays(-1), now), $"billing/payment-failed/{id}");
    }
}
