using CustomerHealth.Scoring.V1;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using static CustomerHealth.Scoring.Tests.Signals.Contracts;

namespace CustomerHealth.Scoring.Tests.Alerts;

/// <summary>Churn-risk alerts from signal to resolution, with every transition audited and published.</summary>
public class AlertLifecycleTests(ScoringApp app) : IClassFixture<ScoringApp>
{
    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;

    private async Task<ChurnRiskAlert> RaisePaymentAlertAsync(string account)
    {
        await app.PublishAsync(Revenue(account, 700_00, Now.AddDays(-40)), PaymentFailed(account, "inv-1", Now.AddMinutes(-5)));
        var health = await app.WaitForHealthAsync(account, h => h.OpenAlerts.Any(a => a.Rule == "payment_risk"), "a payment alert");
        var alerts = await app.Grpc.ListAlertsAsync(new ListAlertsRequest { AccountId = account });
        return alerts.Alerts.Single(a => a.AlertId == health.OpenAlerts.Single(x => x.Rule == "payment_risk").AlertId);
    }

    [Fact]
    public async Task An_alert_is_acknowledged_snoozed_reopened_by_time_and_resolved_by_hand_with_every_step_audited()
    {
        var account = NewAccount();
        var alert = await RaisePaymentAlertAsync(account);
        Assert.Equal("open", alert.Status);

        var acknowledged = (await app.Grpc.AcknowledgeAlertAsync(new AcknowledgeAlertRequest { AlertId = alert.AlertId, Author = "dana" })).Alert;
        var snoozeEnds = DateTimeOffset.UtcNow.AddSeconds(2);
        var snoozed = (await app.Grpc.SnoozeAlertAsync(new SnoozeAlertRequest { AlertId = alert.AlertId, Author = "dana", Until = Timestamp.FromDateTimeOffset(snoozeEnds) })).Alert;
        var whileSnoozed = await app.Grpc.ListAlertsAsync(new ListAlertsRequest { AccountId = account, Statuses = { "snoozed" } });
        while (DateTimeOffset.UtcNow <= snoozeEnds)
        {
            await Task.Delay(200);
        }

        var afterSnooze = await app.Grpc.ListAlertsAsync(new ListAlertsRequest { AccountId = account, Statuses = { "open" } });
        var resolved = (await app.Grpc.ResolveAlertAsync(new ResolveAlertRequest { AlertId = alert.AlertId, Author = "lee", Note = "Card updated on the call" })).Alert;

        Assert.Equal("acknowledged", acknowledged.Status);
        Assert.Equal("snoozed", snoozed.Status);
        Assert.Contains(whileSnoozed.Alerts, a => a.AlertId == alert.AlertId);
        Assert.Contains(afterSnooze.Alerts, a => a.AlertId == alert.AlertId && a.Status == "open");
        Assert.Equal("resolved", resolved.Status);
        Assert.Equal("manual", resolved.Resolution);
        Assert.Equal("Card updated on the call", resolved.Note);
        Assert.Equal(["open", "acknowledged", "snoozed", "resolved"], resolved.Transitions.Select(t => t.Status));
        Assert.Equal(["scoring", "dana", "dana", "lee"], resolved.Transitions.Select(t => t.Author));
        var again = await Assert.ThrowsAsync<RpcException>(() => app.Grpc.AcknowledgeAlertAsync(new AcknowledgeAlertRequest { AlertId = alert.AlertId, Author = "dana" }).ResponseAsync);
        Assert.Equal(StatusCode.FailedPrecondition, again.StatusCode);
    }

    [Fact]
    public async Task An_alert_resolves_itself_when_its_condition_clears_and_both_changes_are_published_once()
    {
        var account = NewAccount();
        var alert = await RaisePaymentAlertAsync(account);

        await app.PublishAsync(PaymentRecovered(account, "inv-1", Now.AddMinutes(-1)));

        await app.WaitForHealthAsync(account, h => h.OpenAlerts.All(a => a.Rule != "payment_risk"), "the payment alert to clear");
        var resolved = (await app.Grpc.ListAlertsAsync(new ListAlertsRequest { AccountId = account, Statuses = { "resolved" } })).Alerts.Single(a => a.AlertId == alert.AlertId);
        Assert.Equal("auto", resolved.Resolution);
        Assert.Equal(Timestamp.FromDateTimeOffset(Now.AddMinutes(-1)), resolved.ResolvedAt);
        Assert.Equal(1, await app.ScalarAsync(
            "select count(*) from scoring.outbox_messages where message_type like 'CustomerHealth.Contracts.Scoring.ChurnRiskAlertRaisedV1%' and body ->> 'alertId' = @id", ("id", alert.AlertId)));
        Assert.Equal(1, await app.ScalarAsync(
            "select count(*) from scoring.outbox_messages where message_type like 'CustomerHealth.Contracts.Scoring.ChurnRiskAlertResolvedV1%' and body ->> 'alertId' = @id and body ->> 'resolution' = 'auto'", ("id", alert.AlertId)));
    }

    [Fact]
    public async Task There_is_one_open_alert_per_account_and_rule()
    {
        var account = NewAccount();
        await RaisePaymentAlertAsync(account);

        await app.PublishAsync(PaymentFailed(account, "inv-2", Now.AddMinutes(-2)));
        await app.WaitForSignalsAsync(account, 3);

        var open = await app.Grpc.ListAlertsAsync(new ListAlertsRequest { AccountId = account, Statuses = { "open", "acknowledged", "snoozed" } });
        Assert.Single(open.Alerts, a => a.Rule == "payment_risk");
    }

    [Fact]
    public async Task Watching_alerts_streams_a_new_alert_that_matches_the_filter()
    {
        var account = NewAccount();
        await app.Grpc.UpsertAccountAsync(new UpsertAccountRequest { AccountId = account, Name = "Watched", OwnerCsm = "watcher-" + account, Segment = "smb" });
        using var watch = app.Grpc.WatchAlerts(new WatchAlertsRequest { Filter = new PortfolioFilter { OwnerCsm = "watcher-" + account } }, cancellationToken: new CancellationTokenSource(TimeSpan.FromSeconds(60)).Token);
        var first = watch.ResponseStream.MoveNext();
        await Task.Delay(500);

        await app.PublishAsync(Revenue(account, 100_00, Now.AddDays(-1)), PaymentFailed(account, "inv-w", Now.AddMinutes(-3)));

        Assert.True(await first);
        Assert.Equal(account, watch.ResponseStream.Current.Alert.AccountId);
        Assert.Equal("watcher-" + account, watch.ResponseStream.Current.Alert.OwnerCsm);
    }

    [Theory]
    [InlineData("", "dana")]
    [InlineData("no-such-alert", "")]
    public async Task Acting_on_an_alert_without_an_id_or_author_is_INVALID_ARGUMENT(string alertId, string author)
    {
        var ex = await Assert.ThrowsAsync<RpcException>(() => app.Grpc.AcknowledgeAlertAsync(new AcknowledgeAlertRequest { AlertId = alertId, Author = author }).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, ex.StatusCode);
    }

    [Fact]
    public async Task Acting_on_an_unknown_alert_is_NOT_FOUND_and_a_snooze_must_end_in_the_future()
    {
        var missing = await Assert.ThrowsAsync<RpcException>(() => app.Grpc.ResolveAlertAsync(new ResolveAlertRequest { AlertId = "nope", Author = "dana", Note = "n" }).ResponseAsync);
        var past = await Assert.ThrowsAsync<RpcException>(() => app.Grpc.SnoozeAlertAsync(new SnoozeAlertRequest
        {
            AlertId = "nope", Author = "dana", Until = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddMinutes(-1)),
        }).ResponseAsync);

        Assert.Equal(StatusCode.NotFound, missing.StatusCode);
        Assert.Equal(StatusCode.InvalidArgument, past.StatusCode);
    }
}
