using CustomerHealth.Usage.V1;
using Google.Protobuf.WellKnownTypes;

namespace CustomerHealth.UsageBench;

/// <summary>
/// Synthetic product usage: a random account, one of its users and one of 20 features per event,
/// occurred_at uniformly over the last <c>days</c> days. Names are interned so generating stays cheap.
/// </summary>
internal sealed class EventGenerator(BenchOptions options, string runId, int streamNo)
{
    public static readonly string[] Features =
    [
        "dashboards", "reports", "alerts", "integrations", "exports", "login", "search", "settings", "billing.view", "api.call",
        "report.share", "comment", "upload", "download", "invite", "filter", "chart.edit", "notebook", "workflow.run", "sso",
    ];

    private static string[]? _accounts;
    private static string[]? _users;
    private readonly Random _random = new(streamNo * 7919 + 17);
    private readonly long _nowSeconds = DateTimeOffset.UtcNow.AddMinutes(-1).ToUnixTimeSeconds();
    private readonly long _spanSeconds = options.Days * 86_400L - 120;
    private long _sequence;

    public static string[] Accounts(BenchOptions options) =>
        _accounts ??= Enumerable.Range(0, options.Accounts).Select(i => $"acct-{i:D5}").ToArray();

    public UsageEvent Next()
    {
        _users ??= Enumerable.Range(0, options.UsersPerAccount).Select(i => $"user-{i:D3}").ToArray();
        var accounts = Accounts(options);
        return new UsageEvent
        {
            EventId = $"{runId}-{streamNo}-{_sequence++}",
            AccountId = accounts[_random.Next(accounts.Length)],
            UserId = _users[_random.Next(_users.Length)],
            Feature = Features[_random.Next(Features.Length)],
            OccurredAt = new Timestamp { Seconds = _nowSeconds - _random.NextInt64(_spanSeconds) },
        };
    }
}
