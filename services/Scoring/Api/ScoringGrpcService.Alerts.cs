using CustomerHealth.Scoring.Accounts;
using CustomerHealth.Scoring.Alerts;
using CustomerHealth.Scoring.Signals;
using CustomerHealth.Scoring.V1;
using ChurnRiskAlert = CustomerHealth.Scoring.Alerts.ChurnRiskAlert;
using CustomerHealth.ServiceDefaults.Validation;
using Grpc.Core;

namespace CustomerHealth.Scoring.Api;

public sealed partial class ScoringGrpcService
{
    public override async Task<ListAlertsResponse> ListAlerts(ListAlertsRequest request, ServerCallContext context)
    {
        var v = ValidateFilter(request.Filter);
        foreach (var status in request.Statuses.Where(s => !AlertStatus.All.Contains(s)))
        {
            v.Add("statuses", $"'{status}' is not an alert status: use {string.Join(", ", AlertStatus.All)}.");
        }

        if (request.AccountId.Length > 0)
        {
            v.RequireId("account_id", request.AccountId);
        }

        ValidatePageSize(v, request.PageSize);
        v.ThrowIfAny();
        var page = await portfolio.ListAlertsAsync(request, PageSize(request.PageSize), context.CancellationToken);
        var now = clock.GetUtcNow();
        var response = new ListAlertsResponse { NextPageToken = page.NextPageToken };
        response.Alerts.AddRange(page.Items.Select(a => a.ToMessage(now)));
        return response;
    }

    public override Task<AcknowledgeAlertResponse> AcknowledgeAlert(AcknowledgeAlertRequest request, ServerCallContext context) =>
        ActOnAlertAsync(request.AlertId, request.Author, new FieldViolations(), now => new ChurnRiskAlertAcknowledged(request.AlertId, request.Author, now), context,
            a => new AcknowledgeAlertResponse { Alert = a });

    public override Task<SnoozeAlertResponse> SnoozeAlert(SnoozeAlertRequest request, ServerCallContext context)
    {
        var v = new FieldViolations();
        if (request.Until is null)
        {
            v.Add("until", "is required.");
        }
        else if (request.Until.ToDateTimeOffset() <= clock.GetUtcNow())
        {
            v.Add("until", "must be in the future.");
        }

        return ActOnAlertAsync(request.AlertId, request.Author, v, now => new ChurnRiskAlertSnoozed(request.AlertId, request.Until!.ToDateTimeOffset(), request.Author, now), context,
            a => new SnoozeAlertResponse { Alert = a });
    }

    public override Task<ResolveAlertResponse> ResolveAlert(ResolveAlertRequest request, ServerCallContext context) =>
        ActOnAlertAsync(request.AlertId, request.Author, new FieldViolations().RequireText("note", request.Note, 2000),
            now => new ChurnRiskAlertResolvedByHand(request.AlertId, request.Note, request.Author, now), context,
            a => new ResolveAlertResponse { Alert = a });

    public override async Task WatchAlerts(WatchAlertsRequest request, IServerStreamWriter<WatchAlertsResponse> responseStream, ServerCallContext context)
    {
        ValidateFilter(request.Filter).ThrowIfAny();
        await foreach (var alert in alertFeed.WatchAsync(context.CancellationToken))
        {
            if (AlertFeed.Matches(alert, request.Filter))
            {
                await responseStream.WriteAsync(new WatchAlertsResponse { Alert = alert.ToMessage(clock.GetUtcNow()) }, context.CancellationToken);
            }
        }
    }

    private async Task<TResponse> ActOnAlertAsync<TResponse>(
        string alertId, string author, FieldViolations v, Func<DateTimeOffset, object> action, ServerCallContext context, Func<V1.ChurnRiskAlert, TResponse> respond)
    {
        v.RequireId("alert_id", alertId).RequireText("author", author, MaxAuthorLength).ThrowIfAny();
        var ct = context.CancellationToken;
        var alert = await query.LoadAsync<ChurnRiskAlert>(alertId, ct)
            ?? throw new RpcException(new Status(StatusCode.NotFound, $"Alert '{alertId}' does not exist."));
        if (!alert.IsOpen)
        {
            throw new RpcException(new Status(StatusCode.FailedPrecondition, $"Alert '{alertId}' is already resolved."));
        }

        await scoring.ApplyAsync([new AlertActedOn(alert.AccountId, action(clock.GetUtcNow()))], ct);
        await using var fresh = query.DocumentStore.QuerySession();
        var updated = await fresh.LoadAsync<ChurnRiskAlert>(alertId, ct) ?? alert;
        return respond(updated.ToMessage(clock.GetUtcNow()));
    }
}
