using CustomerHealth.Billing.V1;
using CustomerHealth.ServiceDefaults.Validation;

namespace CustomerHealth.Billing.RecordingRevenue;

/// <summary>Field rules for a revenue event; every problem is reported with its field path.</summary>
public static class RevenueEventValidation
{
    /// <summary>Billing systems' clocks drift; a little future is tolerated.</summary>
    private static readonly TimeSpan AllowedClockSkew = TimeSpan.FromMinutes(5);

    public static FieldViolations Validate(RecordRevenueEventRequest request, DateTimeOffset now)
    {
        var violations = new FieldViolations()
            .RequireId("event_id", request.EventId)
            .RequireId("account_id", request.AccountId)
            .RequireMoney("mrr", request.Mrr)
            .RequirePastTimestamp("occurred_at", request.OccurredAt, now, AllowedClockSkew)
            .OptionalText("plan", request.Plan, 100)
            .RequireText("source", request.Source, 100);
        if (string.IsNullOrEmpty(request.Kind))
        {
            violations.Add("kind", $"is required: one of {string.Join(", ", RevenueEventKinds.All)}.");
        }
        else if (!RevenueEventKinds.All.Contains(request.Kind))
        {
            violations.Add("kind", $"'{Truncate(request.Kind)}' is not a revenue event kind: use one of {string.Join(", ", RevenueEventKinds.All)}.");
        }

        return violations;
    }

    public static RecordRevenueEvent ToCommand(RecordRevenueEventRequest request) => new(
        request.EventId,
        request.AccountId,
        request.Kind,
        request.Mrr.AmountMinor,
        request.Mrr.Currency,
        request.OccurredAt.ToDateTimeOffset(),
        request.Plan,
        request.Source);

    private static string Truncate(string value) => value.Length <= 40 ? value : value[..40] + "…";
}
