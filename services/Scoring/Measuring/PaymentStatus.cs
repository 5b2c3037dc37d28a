using CustomerHealth.Scoring.Signals;

namespace CustomerHealth.Scoring.Measuring;

/// <summary>Payment health at a point in time: unrecovered failed invoices, days overdue, failures in 90 days.</summary>
/// <param name="Behind">The failures behind it: those in the window and those still unrecovered.</param>
public sealed record PaymentStatus(int FailuresIn90Days, double DaysOverdue, IReadOnlyList<string> UnrecoveredInvoices, IReadOnlyList<PaymentFailed> Behind)
{
    public static PaymentStatus At(AccountFacts facts, DateTimeOffset at)
    {
        var failures = facts.PaymentFailures.Where(f => f.OccurredAt <= at).ToList();
        var recovered = facts.PaymentRecoveries.Where(r => r.OccurredAt <= at).Select(r => r.InvoiceId).ToHashSet(StringComparer.Ordinal);
        var unrecovered = failures.Where(f => !recovered.Contains(f.InvoiceId)).ToList();
        var recent = failures.Where(f => f.OccurredAt > at - MeasureEvaluator.PaymentWindow).ToList();
        var overdue = unrecovered.Count == 0 ? 0 : Math.Max(0, (at - unrecovered.Min(f => f.DueAt)).TotalDays);
        return new PaymentStatus(
            recent.Count,
            overdue,
            [.. unrecovered.Select(f => f.InvoiceId).Distinct()],
            [.. recent.Concat(unrecovered).DistinctBy(f => f.SourceId, StringComparer.Ordinal)]);
    }
}
