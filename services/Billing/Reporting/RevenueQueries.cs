using CustomerHealth.Billing.Ledger;
using Marten;
using Microsoft.Extensions.Options;

namespace CustomerHealth.Billing.Reporting;

/// <summary>
/// Reads ledgers and derives the reported figures from them at query time, so a late event or a
/// changed grace window or rate is reflected at once. Portfolio queries stream every ledger; see
/// docs/benchmarks.md for what that costs.
/// </summary>
public sealed class RevenueQueries(IDocumentStore store, IOptions<BillingOptions> options, ReportingCurrency currency, TimeProvider clock)
{
    public ReportingCurrency Currency => currency;

    public TimeSpan Grace => options.Value.Grace;

    public async Task<RevenueLedger?> LedgerAsync(string accountId, CancellationToken ct)
    {
        await using var session = store.QuerySession();
        return await session.LoadAsync<RevenueLedger>(accountId, ct);
    }

    public AccountTimeline TimelineAsOf(RevenueLedger ledger, DateTimeOffset asOf) =>
        AccountTimeline.Build(ledger.Entries, TimelineOptions.AsOf(asOf, Grace, currency.Code));

    /// <summary>Every account's timeline up to <paramref name="until"/> in the reporting currency; grace windows end no later than now.</summary>
    public async Task<(List<ConvertedTimeline> Accounts, SortedSet<string> Unconverted)> PortfolioAsync(DateTimeOffset until, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var timelineOptions = new TimelineOptions(until, until < now ? until : now, Grace, currency.Code);
        var unconverted = new SortedSet<string>(StringComparer.Ordinal);
        var accounts = new List<ConvertedTimeline>();
        await using var session = store.QuerySession();
        await foreach (var ledger in session.Query<RevenueLedger>().ToAsyncEnumerable(ct))
        {
            var timeline = AccountTimeline.Build(ledger.Entries, timelineOptions);
            if (ConvertedTimeline.From(ledger.Id, timeline, currency, unconverted) is { } converted)
            {
                accounts.Add(converted);
            }
        }

        return (accounts, unconverted);
    }
}
