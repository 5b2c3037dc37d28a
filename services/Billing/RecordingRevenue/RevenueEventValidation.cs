using System.Globalization;
using CustomerHealth.Billing.Ledger;
using CustomerHealth.Billing.V1;
using CustomerHealth.ServiceDefaults.Validation;

namespace CustomerHealth.Billing.RecordingRevenue;

/// <summary>Field rules for a revenue event, shared and per kind; every problem is reported with its field path.</summary>
public static class RevenueEventValidation
{
    /// <summary>Billing systems' clocks drift; a little future is tolerated.</summary>
    private static readonly TimeSpan AllowedClockSkew = TimeSpan.FromMinutes(5);

    public static FieldViolations Validate(RecordRevenueEventRequest request, DateTimeOffset now, string prefix = "")
    {
        var violations = new FieldViolations();
        var v = new PrefixedViolations(violations, prefix);
        v.Check(f => f.RequireId("event_id", request.EventId));
        v.Check(f => f.RequireId("account_id", request.AccountId));
        v.Check(f => f.RequirePastTimestamp("occurred_at", request.OccurredAt, now, AllowedClockSkew));
        v.Check(f => f.OptionalText("plan", request.Plan, 100));
        v.Check(f => f.RequireText("source", request.Source, 100));
        var known = RevenueEventKinds.All.Contains(request.Kind);
        if (string.IsNullOrEmpty(request.Kind))
        {
            v.Add("kind", $"is required: one of {string.Join(", ", RevenueEventKinds.All)}.");
        }
        else if (!known)
        {
            v.Add("kind", $"'{Truncate(request.Kind)}' is not a revenue event kind: use one of {string.Join(", ", RevenueEventKinds.All)}.");
        }

        // Without a known kind only the rules every event had before the kinds multiplied apply.
        if (!known || RevenueEventKinds.SetMrr.Contains(request.Kind))
        {
            v.Check(f => f.RequireMoney("mrr", request.Mrr));
        }
        else if (request.Mrr is not null)
        {
            v.Check(f => f.RequireMoney("mrr", request.Mrr));
        }

        if (known)
        {
            ValidateKind(request, v);
        }

        return violations;
    }

    public static RecordRevenueEvent ToCommand(RecordRevenueEventRequest request) => new(
        request.EventId,
        request.AccountId,
        request.Kind,
        request.Mrr?.AmountMinor ?? 0,
        request.Mrr?.Currency ?? "",
        request.OccurredAt.ToDateTimeOffset(),
        request.Plan,
        request.Source,
        HasMrr: request.Mrr is not null,
        Quantity: request.HasQuantity ? request.Quantity : null,
        Reason: NullIfEmpty(request.Reason),
        EffectiveDate: ParseDate(request.EffectiveDate),
        RenewalDate: ParseDate(request.RenewalDate),
        InvoiceId: NullIfEmpty(request.InvoiceId),
        AmountMinor: request.Amount?.AmountMinor,
        AmountCurrency: request.Amount?.Currency,
        DueAt: request.DueAt?.ToDateTimeOffset());

    private static void ValidateKind(RecordRevenueEventRequest r, PrefixedViolations v)
    {
        var kind = r.Kind;
        if (kind == RevenueEventKinds.TrialStarted && r.Mrr is { AmountMinor: not 0 })
        {
            v.Add("mrr.amount_minor", "must be 0 for trial_started: a trial earns no recurring revenue.");
        }

        if (r.HasQuantity && !RevenueEventKinds.Subscription.Contains(kind))
        {
            v.Add("quantity", $"applies to subscription and trial events only, not {kind}.");
        }
        else if (r.HasQuantity && r.Quantity < 0)
        {
            v.Add("quantity", "must not be negative.");
        }

        if (kind == RevenueEventKinds.SubscriptionCancelled)
        {
            v.Check(f => f.OptionalText("reason", r.Reason, 200));
            Date(v, "effective_date", r.EffectiveDate, required: false);
        }
        else
        {
            NotFor(v, "reason", r.Reason.Length > 0, kind, "subscription_cancelled");
            NotFor(v, "effective_date", r.EffectiveDate.Length > 0, kind, "subscription_cancelled");
        }

        if (kind == RevenueEventKinds.RenewalScheduled || (RevenueEventKinds.Subscription.Contains(kind) && kind != RevenueEventKinds.SubscriptionCancelled))
        {
            Date(v, "renewal_date", r.RenewalDate, required: kind == RevenueEventKinds.RenewalScheduled);
        }
        else
        {
            NotFor(v, "renewal_date", r.RenewalDate.Length > 0, kind, "renewal_scheduled and subscription events");
        }

        if (RevenueEventKinds.Invoice.Contains(kind))
        {
            if (kind is RevenueEventKinds.InvoiceOverdue or RevenueEventKinds.Refund || r.InvoiceId.Length > 0)
            {
                v.Check(f => f.RequireId("invoice_id", r.InvoiceId));
            }

            if (kind == RevenueEventKinds.Refund && r.Amount is null)
            {
                v.Add("amount", "is required for refund.");
            }
            else if (r.Amount is not null)
            {
                v.Check(f => f.RequireMoney("amount", r.Amount));
            }
        }
        else
        {
            NotFor(v, "invoice_id", r.InvoiceId.Length > 0, kind, "invoice and payment events");
            NotFor(v, "amount", r.Amount is not null, kind, "invoice and payment events");
        }

        if (kind is RevenueEventKinds.PaymentFailed or RevenueEventKinds.InvoiceOverdue)
        {
            if (r.DueAt is not null && r.DueAt.Seconds < new DateTimeOffset(2000, 1, 1, 0, 0, 0, TimeSpan.Zero).ToUnixTimeSeconds())
            {
                v.Add("due_at", "must not be before 2000-01-01.");
            }
        }
        else
        {
            NotFor(v, "due_at", r.DueAt is not null, kind, "payment_failed and invoice_overdue");
        }
    }

    private static void Date(PrefixedViolations v, string field, string value, bool required)
    {
        if (value.Length == 0)
        {
            if (required)
            {
                v.Add(field, "is required, as YYYY-MM-DD.");
            }
        }
        else if (ParseDate(value) is not { Year: >= 2000 and <= 2100 })
        {
            v.Add(field, "must be a date YYYY-MM-DD between 2000 and 2100.");
        }
    }

    private static void NotFor(PrefixedViolations v, string field, bool present, string kind, string appliesTo)
    {
        if (present)
        {
            v.Add(field, $"applies to {appliesTo}, not {kind}.");
        }
    }

    private static DateOnly? ParseDate(string value) =>
        DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) ? day : null;

    private static string? NullIfEmpty(string value) => value.Length == 0 ? null : value;

    private static string Truncate(string value) => value.Length <= 40 ? value : value[..40] + "…";
}
