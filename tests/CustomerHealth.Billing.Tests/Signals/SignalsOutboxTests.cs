using CustomerHealth.Billing.Reporting;
using CustomerHealth.Billing.Signals;
using CustomerHealth.Billing.V1;
using CustomerHealth.Common.V1;
using Google.Protobuf.WellKnownTypes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CustomerHealth.Billing.Tests.Signals;

/// <summary>Which integration events each kind queues in the outbox, and that they reach RabbitMQ.</summary>
public class SignalsOutboxTests(BillingApp app) : IClassFixture<BillingApp>
{
    private static RecordRevenueEventRequest Kind(string account, string kind, int daysAgo)
    {
        var e = RevenueEvents.MakeKind(RevenueEvents.Valid(accountId: account), kind);
        e.OccurredAt = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddDays(-daysAgo));
        e.InvoiceId = e.InvoiceId.Length > 0 ? "in_1" : "";
        return e;
    }

    [Fact]
    public async Task Each_kind_queues_its_signals_and_the_dispatcher_publishes_them()
    {
        var account = "acct-" + Guid.NewGuid().ToString("N")[..12];
        var started = Kind(account, "subscription_started", 30);
        started.RenewalDate = "2027-01-01";

        foreach (var e in new[] { started, Kind(account, "payment_failed", 5), Kind(account, "payment_recovered", 4), Kind(account, "subscription_cancelled", 1) })
        {
            await app.Grpc.RecordRevenueEventAsync(e);
        }

        var outbox = await Eventually.MatchesAsync(() => app.OutboxAsync(account), rows => rows.Count == 6 && rows.All(r => r.Dispatched), "six dispatched signals");
        Assert.Equal(
            ["PaymentFailedV1", "PaymentRecoveredV1", "RenewalDateChangedV1", "RevenueChangedV1", "RevenueChangedV1", "SubscriptionCancelledV1"],
            outbox.Select(r => r.Type).Order());
    }

    [Fact]
    public async Task A_backfilled_failure_left_unpaid_past_the_grace_window_queues_the_involuntary_churn_once()
    {
        var account = "acct-" + Guid.NewGuid().ToString("N")[..12];

        await app.Grpc.RecordRevenueEventsAsync(new RecordRevenueEventsRequest { Events = { Kind(account, "subscription_started", 60), Kind(account, "payment_failed", 20) } });
        await app.Grpc.RecordRevenueEventAsync(Kind(account, "renewal_scheduled", 1));
        var scanned = await app.Services.GetRequiredService<InvoluntaryChurnScan>().RunAsync(DateTimeOffset.UtcNow, everything: true, CancellationToken.None);

        var types = (await app.OutboxAsync(account)).Select(r => r.Type).ToList();
        Assert.Equal(1, types.Count(t => t == "SubscriptionCancelledV1"));
        Assert.Equal(2, types.Count(t => t == "RevenueChangedV1"));
        Assert.Equal(0, scanned);
        var revenue = await app.Grpc.GetAccountRevenueAsync(new GetAccountRevenueRequest { AccountId = account });
        Assert.Equal("churned_involuntarily", revenue.Revenue.Status);
    }

    [Fact]
    public async Task The_watcher_queues_the_involuntary_churn_when_the_grace_window_ends_and_only_once()
    {
        var account = "acct-" + Guid.NewGuid().ToString("N")[..12];
        await app.Grpc.RecordRevenueEventsAsync(new RecordRevenueEventsRequest { Events = { Kind(account, "subscription_started", 30), Kind(account, "payment_failed", 2) } });
        var scan = app.Services.GetRequiredService<InvoluntaryChurnScan>();

        var early = await scan.RunAsync(DateTimeOffset.UtcNow.AddDays(5), everything: false, CancellationToken.None);
        var due = await scan.RunAsync(DateTimeOffset.UtcNow.AddDays(13), everything: false, CancellationToken.None);
        var again = await scan.RunAsync(DateTimeOffset.UtcNow.AddDays(14), everything: true, CancellationToken.None);

        Assert.Equal(0, early);
        Assert.True(due >= 2, $"queued {due}");
        Assert.Equal(0, again);
        var cancelled = (await app.OutboxAsync(account)).Where(r => r.Type == "SubscriptionCancelledV1").ToList();
        Assert.Single(cancelled);
        Assert.EndsWith("/involuntary-churn", cancelled[0].EventId);
    }

    [Fact]
    public async Task A_recovery_dated_inside_the_window_arriving_after_the_churn_signal_restores_the_account_and_tells_scoring()
    {
        var account = "acct-" + Guid.NewGuid().ToString("N")[..12];
        var failure = Kind(account, "payment_failed", 30);
        await app.Grpc.RecordRevenueEventsAsync(new RecordRevenueEventsRequest { Events = { Kind(account, "subscription_started", 60), failure } });
        Assert.Contains(await app.OutboxAsync(account), r => r.Type == "SubscriptionCancelledV1" && r.EventId == $"{failure.EventId}/involuntary-churn");

        var recovery = Kind(account, "payment_recovered", 20);
        await app.Grpc.RecordRevenueEventAsync(recovery);

        var revenue = (await app.Grpc.GetAccountRevenueAsync(new GetAccountRevenueRequest { AccountId = account })).Revenue;
        Assert.Equal(("active", 99_00L, 99_00L * 12), (revenue.Status, revenue.Mrr.AmountMinor, revenue.Arr.AmountMinor));
        Assert.Equal(["subscription_started"], revenue.MrrHistory.Select(h => h.Cause));
        var reversal = $"{failure.EventId}/involuntary-churn-reversed";
        Assert.Equal(1, await app.ScalarAsync(
            "select count(*) from billing.mt_events where stream_id = @a and data->>'Kind' = 'involuntary_churn_reversed' and data->>'SettledByEventId' = @r",
            ("a", account), ("r", recovery.EventId)));
        var outbox = await app.OutboxAsync(account);
        Assert.Contains(outbox, r => r.Type == "RevenueChangedV1" && r.EventId == reversal);
        Assert.Contains(outbox, r => r.Type == "PaymentRecoveredV1" && r.EventId == recovery.EventId);
        Assert.Equal(99_00, await app.ScalarAsync("select (body->>'mrrMinor')::bigint from billing.outbox_messages where body->>'eventId' = @id", ("id", reversal)));
        Assert.Equal(0, await app.Services.GetRequiredService<InvoluntaryChurnScan>().RunAsync(DateTimeOffset.UtcNow, everything: true, CancellationToken.None));
        Assert.Equal(1, outbox.Count(r => r.Type == "SubscriptionCancelledV1"));
    }

    [Fact]
    public async Task A_longer_grace_window_configured_later_leaves_a_recorded_churn_where_it_was()
    {
        var account = "acct-" + Guid.NewGuid().ToString("N")[..12];
        await app.Grpc.RecordRevenueEventsAsync(new RecordRevenueEventsRequest { Events = { Kind(account, "subscription_started", 60), Kind(account, "payment_failed", 20) } });
        var ledger = await app.Services.GetRequiredService<RevenueQueries>().LedgerAsync(account, CancellationToken.None);

        var thirtyDays = new RevenueQueries(
            app.Services.GetRequiredService<Marten.IDocumentStore>(), Options.Create(new BillingOptions { InvoluntaryChurnGraceDays = 30 }),
            app.Services.GetRequiredService<ReportingCurrency>(), TimeProvider.System);
        var timeline = thirtyDays.TimelineAsOf(ledger!, DateTimeOffset.UtcNow);

        var churn = Assert.Single(timeline.InvoluntaryChurns);
        Assert.True(churn.Declared);
        Assert.Equal(ledger!.Entries.Single(e => e.Kind == "payment_failed").OccurredAt.AddDays(14), churn.At);
        Assert.Equal(TimeSpan.FromDays(14), ledger.Entries.Single(e => e.Kind == "involuntary_churn").Grace);
        Assert.Equal("churned_involuntarily", AccountRevenueView.StatusOf(timeline));
    }
}
