using CustomerHealth.Billing.Ledger;
using CustomerHealth.Billing.V1;
using Google.Protobuf.WellKnownTypes;
using ProtoMoney = CustomerHealth.Common.V1.Money;

namespace CustomerHealth.Billing.Reporting;

/// <summary>Shapes an account's timeline as the GetAccountRevenue answer.</summary>
public static class AccountRevenueView
{
    public static AccountRevenue From(RevenueLedger ledger, AccountTimeline timeline, DateTimeOffset asOf, TimeSpan grace, ReportingCurrency currency)
    {
        var mrr = timeline.Mrr;
        var revenue = new AccountRevenue
        {
            AccountId = ledger.Id,
            Status = StatusOf(timeline),
            Mrr = Proto(mrr),
            Arr = Proto(mrr with { Minor = mrr.Minor * 12 }),
            Plan = timeline.Plan,
            RenewalDate = timeline.RenewalDate?.ToString("yyyy-MM-dd") ?? "",
            Payment = PaymentOf(timeline, asOf, grace),
            EventCount = timeline.EventCount,
            AsOf = Timestamp.FromDateTimeOffset(asOf),
        };
        if (currency.ToReportingMinor(mrr) is { } reporting)
        {
            revenue.MrrReporting = new ProtoMoney { AmountMinor = reporting, Currency = currency.Code };
            revenue.ArrReporting = new ProtoMoney { AmountMinor = reporting * 12, Currency = currency.Code };
        }

        if (timeline.Quantity is { } quantity)
        {
            revenue.Quantity = quantity;
        }

        if (timeline.CustomerSince is { } since)
        {
            revenue.CustomerSince = Timestamp.FromDateTimeOffset(since);
        }

        var pending = ledger.Entries.LastOrDefault(e =>
            e.Kind == RevenueEventKinds.SubscriptionCancelled && e.OccurredAt <= asOf && e.EffectiveAt > asOf);
        if (pending is not null)
        {
            revenue.PendingCancellation = new PendingCancellation
            {
                EventId = pending.EventId,
                Reason = pending.Reason ?? "",
                EffectiveDate = pending.EffectiveDate?.ToString("yyyy-MM-dd") ?? "",
            };
        }

        revenue.MrrHistory.AddRange(timeline.Points.Select(p => new MrrChange
        {
            At = Timestamp.FromDateTimeOffset(p.At),
            Mrr = Proto(p.Mrr),
            PreviousMrr = Proto(p.Previous),
            Movement = Movement(p, currency) ?? "",
            EventId = p.EventId,
            Cause = p.Cause,
        }));
        return revenue;
    }

    public static string StatusOf(AccountTimeline t) => t switch
    {
        { InvoluntarilyChurned: true } => "churned_involuntarily",
        { Mrr.Minor: > 0 } when t.Outstanding.Count > 0 => "past_due",
        { Mrr.Minor: > 0 } => "active",
        { Trialing: true } => "trialing",
        _ when t.EverPaid => "cancelled",
        _ => "none",
    };

    private static PaymentStatus PaymentOf(AccountTimeline t, DateTimeOffset asOf, TimeSpan grace)
    {
        var since = asOf.AddDays(-90);
        var payment = new PaymentStatus
        {
            DaysOverdue = t.Outstanding.Count == 0 ? 0 : Math.Max(0, (int)(asOf - t.Outstanding.Min(i => i.DueAt)).TotalDays),
            Failures90D = t.Failures.Count(f => f > since && f <= asOf),
        };
        if (!t.InvoluntarilyChurned && t.Mrr.Minor > 0 && t.Outstanding.Where(i => i.FailedAt is not null).Min(i => i.FailedAt) is { } firstFailure)
        {
            payment.InvoluntaryChurnAt = Timestamp.FromDateTimeOffset(firstFailure + grace);
        }

        var refunds = t.Refunds.Where(r => r.At > since && r.At <= asOf).ToList();
        payment.Refunds90D = refunds.Count;
        if (refunds.Count > 0)
        {
            var refundCurrency = refunds[0].Amount.Currency;
            payment.Refunded90D = new ProtoMoney { AmountMinor = refunds.Where(r => r.Amount.Currency == refundCurrency).Sum(r => r.Amount.Minor), Currency = refundCurrency };
        }

        payment.Outstanding.AddRange(t.Outstanding.Select(i =>
        {
            var invoice = new V1.OutstandingInvoice
            {
                InvoiceId = i.InvoiceId,
                DueAt = Timestamp.FromDateTimeOffset(i.DueAt),
                FailedAttempts = i.FailedAttempts,
            };
            if (i.Amount is { } amount)
            {
                invoice.Amount = Proto(amount);
            }

            if (i.FailedAt is { } failed)
            {
                invoice.FailedAt = Timestamp.FromDateTimeOffset(failed);
            }

            return invoice;
        }));
        return payment;
    }

    /// <summary>Compares in the reporting currency when the account changed currency, so the sign is meaningful.</summary>
    private static string? Movement(MrrPoint p, ReportingCurrency currency)
    {
        if (p.Mrr.Currency == p.Previous.Currency)
        {
            return MrrMovement.Classify(p.Previous.Minor, p.Mrr.Minor, p.PaidBefore);
        }

        return currency.ToReportingMinor(p.Previous) is { } previous && currency.ToReportingMinor(p.Mrr) is { } current
            ? MrrMovement.Classify(previous, current, p.PaidBefore)
            : MrrMovement.Classify(p.Previous.Minor, p.Mrr.Minor, p.PaidBefore);
    }

    private static ProtoMoney Proto(Money m) => new() { AmountMinor = m.Minor, Currency = m.Currency };
}
