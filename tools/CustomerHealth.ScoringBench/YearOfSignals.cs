using CustomerHealth.Scoring.Signals;

namespace CustomerHealth.ScoringBench;

/// <summary>
/// A year of one account's history as scoring stores it on the account's stream: the directory entry,
/// then signals spread evenly over 365 days in a repeating pattern of 25 (13 usage snapshots, 3 revenue
/// changes, NPS/CSAT/CES answers, two tickets opened and solved, a payment failed and recovered).
/// </summary>
public static class YearOfSignals
{
    private const string Pattern = "UURUNUTUUSUPUCURUTUEVUSRU"; // U usage, R revenue, N/C/E surveys, T ticket opened, S solved, P failed, V recovered

    public static string AccountId(int i) => $"replay-{i:D6}";

    public static List<object> Events(int i, int count, DateTimeOffset now)
    {
        var random = new Random(-1_000_000 - i);
        var id = AccountId(i);
        var profile = SyntheticPortfolio.ProfileOf(1_000_000 + i, DateOnly.FromDateTime(now.UtcDateTime)) with { Id = id };
        var events = new List<object>(count)
        {
            new AccountUpserted($"Replay account {i}", SyntheticPortfolio.SegmentOf(i), SyntheticPortfolio.Owner(i), profile.Seats, profile.Renewal, null, "bench-replay", now.AddDays(-366)),
        };
        var signals = count - 1;
        var start = now.AddDays(-365);
        var step = TimeSpan.FromDays(365) / Math.Max(1, signals);
        var mrr = profile.MrrMinor;
        for (var j = 0; j < signals; j++)
        {
            var at = start + (step * j);
            var cycle = j / Pattern.Length;
            var source = $"replay/{id}/{j}";
            var ticket = $"{id}-t{cycle}-{(j % Pattern.Length < 12 ? 'a' : 'b')}";
            events.Add(Pattern[j % Pattern.Length] switch
            {
                'U' => SyntheticPortfolio.Usage(source, profile, random, at),
                'R' => new RevenueRecorded(source, "expansion", mrr = (long)(mrr * (0.85 + (random.NextDouble() * 0.35))), "USD", "growth", "bench", at),
                'N' => new SurveyAnswered(source, "nps", random.Next(0, 11), $"{id}-user-{random.Next(20)}", null, at),
                'C' => new SurveyAnswered(source, "csat", random.Next(1, 6), $"{id}-user-{random.Next(20)}", null, at),
                'E' => new SurveyAnswered(source, "ces", random.Next(1, 8), $"{id}-user-{random.Next(20)}", null, at),
                'T' => new SupportTicketUpdated(source, ticket, "open", random.Next(3) == 0 ? "urgent" : "high", at, null, null, at),
                'S' => Solved(source, ticket, at),
                'P' => new PaymentFailed(source, $"{id}-inv-{cycle}", mrr, "USD", at.AddDays(-2), at),
                _ => new PaymentRecovered(source, $"{id}-inv-{cycle}", mrr, "USD", at),
            });
        }

        return events;
    }

    private static SupportTicketUpdated Solved(string source, string ticket, DateTimeOffset at) =>
        new(source, ticket, "solved", "high", at.AddDays(-3), at.AddDays(-2), at, at);
}
