using CustomerHealth.Scoring.Accounts;
using CustomerHealth.Scoring.Signals;

namespace CustomerHealth.ScoringBench;

/// <summary>
/// A deterministic portfolio: account i always has the same profile (segment, owner, seats, renewal,
/// MRR, adoption, engagement, a falling usage trend for one in six, an NPS tendency), so bands,
/// alerts and the at-risk filters are spread realistically, and later signals for the account vary
/// around its profile instead of flipping it at random. The seeded signals span one week only:
/// scoring derives alerts at every midnight since an account's first signal, so a longer seeded
/// history would make seeding 100k accounts take far longer than the phases it prepares.
/// </summary>
public static class SyntheticPortfolio
{
    public const int Owners = 40;

    public static readonly IReadOnlyList<string> Segments = ["smb", "smb", "smb", "mid_market", "mid_market", "enterprise"];

    public sealed record Profile(string Id, int Seats, DateOnly Renewal, long MrrMinor, double Adoption, double Engagement, long Events14Days, bool Falling, int NpsTendency);

    public static string AccountId(int i) => $"acct-{i:D6}";

    public static string Owner(int i) => $"csm-{i % Owners:D2}";

    public static string SegmentOf(int i) => Segments[i % Segments.Count];

    public static Profile ProfileOf(int i, DateOnly today)
    {
        var random = new Random(i);
        return new Profile(AccountId(i), random.Next(10, 500), today.AddDays(random.Next(-20, 400)), random.Next(100, 20_000) * 100L,
            0.1 + (random.NextDouble() * 0.9), 0.03 + (random.NextDouble() * 0.45), random.Next(1_000, 50_000), random.Next(6) == 0, random.Next(0, 11));
    }

    /// <summary>The directory entry and a week of signals of account <paramref name="i"/>, as scoring's write path takes them.</summary>
    public static List<AccountChange> SeedChanges(int i, DateTimeOffset now)
    {
        var profile = ProfileOf(i, DateOnly.FromDateTime(now.UtcDateTime));
        var random = new Random(-i - 1);
        var id = profile.Id;
        var changes = new List<AccountChange>
        {
            new DirectoryUpdated(id, new AccountUpserted($"Account {i}", SegmentOf(i), Owner(i), profile.Seats, profile.Renewal, null, "bench-seed", now)),
        };

        void Signal(IAccountSignal signal) => changes.Add(new SignalReceived(id, signal));

        Signal(new RevenueRecorded($"seed/revenue/{id}/1", "subscription_started", profile.MrrMinor, "USD", "growth", "bench", now.AddDays(-7)));
        Signal(Revenue($"seed/revenue/{id}/2", profile, random, now.AddDays(-2)));
        Signal(Usage($"seed/usage/{id}/1", profile, random, now.AddDays(-6)));
        Signal(Usage($"seed/usage/{id}/2", profile, random, now.AddDays(-1)));
        Signal(Nps($"seed/nps/{id}", profile, random, now.AddDays(-5)));
        if (random.Next(20) == 0)
        {
            Signal(new PaymentFailed($"seed/payment/{id}", $"{id}-inv-1", profile.MrrMinor, "USD", now.AddDays(-6), now.AddDays(-4)));
        }

        if (random.Next(33) == 0)
        {
            var opened = now.AddDays(-5);
            Signal(new SupportTicketUpdated($"seed/ticket/{id}", $"{id}-t-1", "open", "high", opened, null, null, opened));
        }

        return changes;
    }

    /// <summary>A usage snapshot around the account's profile (a few percent of noise).</summary>
    public static UsageMeasured Usage(string sourceId, Profile profile, Random random, DateTimeOffset at)
    {
        var mau = Math.Max(1, (int)(profile.Seats * profile.Adoption * Noise(random)));
        var averageDau = mau * profile.Engagement * Noise(random);
        var previous = (long)(profile.Events14Days * Noise(random));
        var last = (long)(previous * (profile.Falling ? 0.3 + (random.NextDouble() * 0.25) : 0.9 + (random.NextDouble() * 0.3)));
        return new UsageMeasured(sourceId, DateOnly.FromDateTime(at.UtcDateTime), (int)averageDau, Math.Min(mau, (int)(averageDau * 3)), mau, averageDau,
            mau, Math.Clamp((int)(10 * profile.Adoption), 1, 10), 10, last, previous, at, at);
    }

    public static RevenueRecorded Revenue(string sourceId, Profile profile, Random random, DateTimeOffset at)
    {
        var mrr = (long)(profile.MrrMinor * (0.95 + (random.NextDouble() * 0.1)));
        return new RevenueRecorded(sourceId, mrr >= profile.MrrMinor ? "expansion" : "contraction", mrr, "USD", "growth", "bench", at);
    }

    public static SurveyAnswered Nps(string sourceId, Profile profile, Random random, DateTimeOffset at) =>
        new(sourceId, "nps", Math.Clamp(profile.NpsTendency + random.Next(-1, 2), 0, 10), $"{profile.Id}-user-{random.Next(20)}", null, at);

    private static double Noise(Random random) => 0.95 + (random.NextDouble() * 0.1);
}
