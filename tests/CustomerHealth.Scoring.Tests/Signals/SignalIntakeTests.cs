using CustomerHealth.Scoring.Accounts;
using CustomerHealth.Scoring.V1;
using Google.Protobuf.WellKnownTypes;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using static CustomerHealth.Scoring.Tests.Signals.Contracts;

namespace CustomerHealth.Scoring.Tests.Signals;

/// <summary>Every contract through real RabbitMQ into the account's Marten stream and read models on real PostgreSQL.</summary>
public class SignalIntakeTests(ScoringApp app) : IClassFixture<ScoringApp>
{
    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;

    [Fact]
    public async Task Every_kind_of_signal_delivered_twice_is_applied_once_and_feeds_its_measure()
    {
        var account = NewAccount();
        object[] signals =
        [
            Revenue(account, 900_00, Now.AddDays(-100)),
            Revenue(account, 1_000_00, Now.AddDays(-2)),
            UsageOn(account, Now.AddHours(-3)),
            Nps(account, 9, Now.AddDays(-4)),
            Ticket(account, "T-1", "open", Now.AddDays(-1), Now.AddDays(-1)),
            PaymentFailed(account, "inv-1", Now.AddDays(-20)),
            PaymentRecovered(account, "inv-1", Now.AddDays(-19)),
            Renewal(account, DateOnly.FromDateTime(Now.UtcDateTime.AddDays(200)), Now.AddDays(-30)),
        ];

        await app.PublishAsync(signals);
        await app.PublishAsync(signals);

        await app.WaitForSignalsAsync(account, signals.Length);
        var health = await app.WaitForHealthAsync(account, _ => true);
        await using var session = app.Services.GetRequiredService<IDocumentStore>().QuerySession();
        var stream = await session.Events.FetchStreamAsync(account);
        Assert.Equal(signals.Length, stream.Count(e => e.Data is Scoring.Signals.IAccountSignal));
        Assert.Equal(2, health.RevenueEventCount);
        Assert.Equal(1_000_00, health.Mrr.AmountMinor);
        Assert.Equal(DateOnly.FromDateTime(Now.UtcDateTime.AddDays(200)).ToString("yyyy-MM-dd"), health.RenewalDate);
        Assert.All(
            health.Measures.Where(m => m.Key is "stickiness" or "usage_trend" or "feature_adoption" or "nps" or "ticket_pressure" or "payment_health" or "revenue_trend"),
            m => Assert.Equal("fresh", m.Freshness));
        Assert.InRange(health.Score, 0, 100);
    }

    [Fact]
    public async Task Signals_delivered_out_of_order_give_the_same_health_and_alerts_as_in_order()
    {
        var inOrder = NewAccount();
        var shuffled = NewAccount();
        object[] For(string a) =>
        [
            Revenue(a, 500_00, Now.AddDays(-60)),
            Nps(a, 3, Now.AddDays(-10)),
            PaymentFailed(a, "inv-9", Now.AddDays(-9)),
            Revenue(a, 300_00, Now.AddDays(-5)),
            PaymentRecovered(a, "inv-9", Now.AddDays(-2)),
        ];

        foreach (var signal in For(inOrder))
        {
            await app.PublishAsync(signal);
            await Task.Delay(150);
        }

        await app.PublishAsync([.. For(shuffled).Reverse()]);

        await app.WaitForSignalsAsync(inOrder, 5);
        await app.WaitForSignalsAsync(shuffled, 5);
        var a = await app.WaitForHealthAsync(inOrder, _ => true);
        var b = await app.WaitForHealthAsync(shuffled, _ => true);
        Assert.Equal(a.Band, b.Band);
        Assert.Equal(a.Measures.Select(m => (m.Key, m.Value, m.SubScore)), b.Measures.Select(m => (m.Key, m.Value, m.SubScore)));
        var alertsA = await app.Grpc.ListAlertsAsync(new ListAlertsRequest { AccountId = inOrder, Statuses = { "open", "resolved" } });
        var alertsB = await app.Grpc.ListAlertsAsync(new ListAlertsRequest { AccountId = shuffled, Statuses = { "open", "resolved" } });
        Assert.Equal(
            alertsA.Alerts.Select(x => (x.Rule, x.RaisedAt, x.Status)).Order(),
            alertsB.Alerts.Select(x => (x.Rule, x.RaisedAt, x.Status)).Order());
        Assert.Contains(alertsA.Alerts, x => x.Rule == "payment_risk" && x.Status == "resolved" && x.Resolution == "auto");
    }

    [Fact]
    public async Task Alerts_that_arrival_order_raised_and_resolved_are_withdrawn_when_earlier_facts_arrive()
    {
        var inOrder = NewAccount();
        var reversed = NewAccount();
        object[] For(string a) =>
        [
            Revenue(a, 500_00, Now.AddDays(-60)),
            Nps(a, 3, Now.AddDays(-10)),
            PaymentFailed(a, "inv-9", Now.AddDays(-9)),
            Revenue(a, 300_00, Now.AddDays(-5)),
            PaymentRecovered(a, "inv-9", Now.AddDays(-2)),
        ];

        // One signal per batch, latest first: every intermediate history gets scored and alerted on.
        foreach (var (a, signals) in new[] { (inOrder, For(inOrder)), (reversed, For(reversed).Reverse().ToArray()) })
        {
            for (var i = 0; i < signals.Length; i++)
            {
                await app.PublishAsync(signals[i]);
                await app.WaitForSignalsAsync(a, i + 1);
            }
        }

        var alertsA = await app.Grpc.ListAlertsAsync(new ListAlertsRequest { AccountId = inOrder, Statuses = { "open", "resolved" } });
        var alertsB = await app.Grpc.ListAlertsAsync(new ListAlertsRequest { AccountId = reversed, Statuses = { "open", "resolved" } });
        Assert.Equal(
            alertsA.Alerts.Select(x => (x.Rule, x.RaisedAt, x.Status)).Order(),
            alertsB.Alerts.Select(x => (x.Rule, x.RaisedAt, x.Status)).Order());
    }

    [Fact]
    public async Task A_backfilled_year_answers_history_and_as_of_exactly_as_live_delivery_did()
    {
        var live = NewAccount();
        var backfill = NewAccount();
        var start = Now.AddDays(-365);
        object[] Year(string a) =>
        [
            .. Enumerable.Range(0, 12).Select(m => (object)Revenue(a, 400_00 + (m * 25_00), start.AddDays(m * 30).AddHours(6))),
            .. Enumerable.Range(0, 52).Select(w => (object)UsageOn(a, start.AddDays(w * 7).AddHours(23), last14: 1000 - (w * 15), prev14: 1000)),
            Nps(a, 2, start.AddDays(120)),
            PaymentFailed(a, "inv-q2", start.AddDays(150)),
            PaymentRecovered(a, "inv-q2", start.AddDays(158)),
            Nps(a, 10, start.AddDays(300)),
        ];

        foreach (var chunk in Year(live).OrderBy(OccurredAt).Chunk(8))
        {
            await app.PublishAsync(chunk);
            await Task.Delay(300);
        }

        await app.PublishAsync([.. Year(backfill).Reverse()]);
        await app.WaitForSignalsAsync(live, Year(live).Length);
        await app.WaitForSignalsAsync(backfill, Year(backfill).Length);

        var range = new GetHealthHistoryRequest { From = Timestamp.FromDateTimeOffset(start), To = Timestamp.FromDateTimeOffset(Now) };
        var liveHistory = await app.Grpc.GetHealthHistoryAsync(new GetHealthHistoryRequest(range) { AccountId = live });
        var backfillHistory = await app.Grpc.GetHealthHistoryAsync(new GetHealthHistoryRequest(range) { AccountId = backfill });
        Assert.Equal(366, liveHistory.Daily.Count);
        Assert.Equal(liveHistory.Daily.Select(p => (p.Day, p.Score, p.Band)), backfillHistory.Daily.Select(p => (p.Day, p.Score, p.Band)));
        Assert.Equal(liveHistory.Changes.Select(c => (c.At, c.ToScore)), backfillHistory.Changes.Select(c => (c.At, c.ToScore)));
        Assert.NotEmpty(liveHistory.Changes);

        foreach (var day in new[] { 100, 155, 200, 330 })
        {
            var asOf = Timestamp.FromDateTimeOffset(start.AddDays(day));
            var a = (await app.Grpc.GetAccountHealthAsync(new GetAccountHealthRequest { AccountId = live, AsOf = asOf })).Health;
            var b = (await app.Grpc.GetAccountHealthAsync(new GetAccountHealthRequest { AccountId = backfill, AsOf = asOf })).Health;
            Assert.Equal((a.Score, a.Band, a.Mrr.AmountMinor), (b.Score, b.Band, b.Mrr.AmountMinor));
            Assert.Equal(a.OpenAlerts.Select(x => (x.Rule, x.RaisedAt)), b.OpenAlerts.Select(x => (x.Rule, x.RaisedAt)));
        }

        var asOfPaymentTrouble = (await app.Grpc.GetAccountHealthAsync(new GetAccountHealthRequest { AccountId = backfill, AsOf = Timestamp.FromDateTimeOffset(start.AddDays(155)) })).Health;
        Assert.Contains(asOfPaymentTrouble.OpenAlerts, x => x.Rule == "payment_risk");
        Assert.Equal(400_00 + (5 * 25_00), asOfPaymentTrouble.Mrr.AmountMinor);
    }

    [Fact]
    public async Task The_stored_aggregate_read_model_and_activity_projection_equal_a_live_fold_of_the_stream()
    {
        var account = NewAccount();
        await app.PublishAsync(
            Revenue(account, 200_00, Now.AddDays(-50)), UsageOn(account, Now.AddDays(-1), last14: 400, prev14: 1000),
            Nps(account, 6, Now.AddDays(-3)), PaymentFailed(account, "inv-5", Now.AddDays(-12)), Revenue(account, 150_00, Now.AddDays(-4)));
        await app.WaitForSignalsAsync(account, 5);

        var store = app.Services.GetRequiredService<IDocumentStore>();
        await using var session = store.QuerySession();
        var stream = await session.Events.FetchStreamAsync(account);
        var folded = stream.Select(e => e.Data).OfType<Scoring.Signals.IAccountSignal>()
            .Aggregate(Scoring.Signals.AccountFacts.Empty(account), (facts, signal) => facts.Apply(signal));
        var stored = await session.LoadAsync<ScoredAccount>(account);
        var health = await session.LoadAsync<Scoring.Accounts.AccountHealth>(account);
        var recomputed = Scoring.Measuring.HealthCalculator.Calculate(folded, Scoring.Scorecards.ScorecardBook.Default(), health!.ComputedAt);

        Assert.Equal(folded.AllSignals().Select(s => s.SourceId).Order(), stored!.Facts.AllSignals().Select(s => s.SourceId).Order());
        Assert.Equal(recomputed.Score, health.Score);
        Assert.Equal(recomputed.Band, health.Band);
        Assert.Equal(folded.MrrMinor, health.MrrMinor);

        var activity = await WaitForActivityAsync(store, account, stream.Count);
        var live = await session.Events.AggregateStreamAsync<AccountActivity>(account);
        Assert.Equal(live!.EventCount, activity.EventCount);
        Assert.Equal(live.SignalsBySource, activity.SignalsBySource);
        Assert.Equal(3, activity.SignalsBySource["billing"]);
    }

    [Fact]
    public async Task A_usage_snapshot_replaced_within_its_hour_is_dropped_and_its_redelivery_changes_nothing()
    {
        var account = NewAccount();
        var scoring = app.Services.GetRequiredService<AccountScoring>();
        var hour = new DateTimeOffset(Now.Year, Now.Month, Now.Day, Now.Hour, 0, 0, TimeSpan.Zero).AddHours(-1);
        var early = Facts.UsageDay(hour.AddMinutes(10), mau: 40);
        var late = Facts.UsageDay(hour.AddMinutes(40), mau: 80);

        await scoring.ApplyAsync([new SignalReceived(account, early)], CancellationToken.None);
        await scoring.ApplyAsync([new SignalReceived(account, late)], CancellationToken.None);
        var redelivered = await scoring.ApplyAsync([new SignalReceived(account, early), new SignalReceived(account, late)], CancellationToken.None);

        Assert.Equal(new BatchOutcome(0, 2), redelivered);
        await using var session = app.Services.GetRequiredService<IDocumentStore>().QuerySession();
        var stored = await session.LoadAsync<ScoredAccount>(account);
        Assert.Equal([late.SourceId], stored!.Facts.Usage.Select(u => u.SourceId));
        Assert.Equal(2, (await session.Events.FetchStreamAsync(account)).Count);
        var health = await session.LoadAsync<Scoring.Accounts.AccountHealth>(account);
        Assert.Equal([late.SourceId], health!.Measures.Single(m => m.Key == "stickiness").SourceIds);
    }

    private static async Task<AccountActivity> WaitForActivityAsync(IDocumentStore store, string account, long events)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            await using var session = store.QuerySession();
            if (await session.LoadAsync<AccountActivity>(account) is { } activity && activity.EventCount >= events)
            {
                return activity;
            }

            Assert.True(DateTime.UtcNow < deadline, "the async daemon did not project the account's activity");
            await Task.Delay(100);
        }
    }

    private static DateTimeOffset OccurredAt(object signal) => (DateTimeOffset)signal.GetType().GetProperty("OccurredAt")!.GetValue(signal)!;
}
