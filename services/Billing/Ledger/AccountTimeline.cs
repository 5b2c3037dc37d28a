namespace CustomerHealth.Billing.Ledger;

/// <summary>An MRR change on an account's timeline.</summary>
/// <param name="PaidBefore">Whether the account had MRR before this point: tells new from reactivation.</param>
/// <param name="Cause">The event kind, or involuntary_churn.</param>
public sealed record MrrPoint(DateTimeOffset At, Money Mrr, Money Previous, bool PaidBefore, string EventId, string Cause);

/// <summary>An invoice reported failed or overdue and not settled since.</summary>
public sealed record OutstandingInvoice(
    string InvoiceId, Money? Amount, DateTimeOffset DueAt, DateTimeOffset? FailedAt, string? FirstFailureEventId, int FailedAttempts);

/// <summary>A failed invoice paid by a later event (what PaymentRecoveredV1 reports).</summary>
/// <param name="OneOfSeveral">The settling event named no invoice and settled more than one.</param>
public sealed record Settlement(string EventId, string InvoiceId, Money? Amount, DateTimeOffset At, bool OneOfSeveral);

/// <summary>MRR lost when a failure stayed unrecovered through the grace window.</summary>
/// <param name="InvoiceId">The invoice whose failure it was (the invoice id, or the failure's event id when none was named).</param>
/// <param name="Declared">Recorded in the ledger as a decision (with the window then in force); otherwise due under the configured window but not recorded yet.</param>
public sealed record InvoluntaryChurn(DateTimeOffset At, string FailureEventId, Money Lost, string InvoiceId, bool Declared, string Plan);

/// <summary>A recorded involuntary churn that no longer holds: its invoice was paid, by a payment dated before the churn that arrived after it.</summary>
/// <param name="MrrThen">The MRR at the churn's time now that it did not happen: what the reversal restores.</param>
public sealed record OverturnedChurn(RevenueEventRecorded Decision, string SettledByEventId, Money MrrThen, string PlanThen);

/// <summary>What the fold takes into account.</summary>
/// <param name="Until">Entries that take effect later are left out.</param>
/// <param name="ChurnUntil">Grace windows that end later have not ended yet.</param>
/// <param name="Grace">How long a payment failure may stay unrecovered before the account counts as churned.</param>
/// <param name="DefaultCurrency">For an account that never stated MRR.</param>
public sealed record TimelineOptions(DateTimeOffset Until, DateTimeOffset ChurnUntil, TimeSpan Grace, string DefaultCurrency)
{
    public static TimelineOptions AsOf(DateTimeOffset asOf, TimeSpan grace, string defaultCurrency) => new(asOf, asOf, grace, defaultCurrency);
}

/// <summary>
/// An account's revenue state derived from its ledger: a fold over the entries in timeline order,
/// so the result depends only on which events exist, never on the order they arrived in.
/// </summary>
public sealed record AccountTimeline(
    IReadOnlyList<MrrPoint> Points,
    Money Mrr,
    string Plan,
    int? Quantity,
    DateOnly? RenewalDate,
    bool Trialing,
    bool InvoluntarilyChurned,
    IReadOnlyList<OutstandingInvoice> Outstanding,
    IReadOnlyList<DateTimeOffset> Failures,
    IReadOnlyList<(DateTimeOffset At, Money Amount)> Refunds,
    IReadOnlyList<Settlement> Settlements,
    IReadOnlyList<InvoluntaryChurn> InvoluntaryChurns,
    IReadOnlyList<OverturnedChurn> OverturnedChurns,
    int EventCount)
{
    public bool EverPaid => Points.Any(p => p.Mrr.Minor > 0);

    public DateTimeOffset? CustomerSince => Points.FirstOrDefault(p => p.Mrr.Minor > 0)?.At;

    /// <summary>MRR after every point strictly before <paramref name="at"/>.</summary>
    public Money MrrBefore(DateTimeOffset at) => Points.LastOrDefault(p => p.At < at)?.Mrr ?? Money.Zero(Mrr.Currency);

    /// <summary>MRR after every point at or before <paramref name="at"/>.</summary>
    public Money MrrAt(DateTimeOffset at) => Points.LastOrDefault(p => p.At <= at)?.Mrr ?? Money.Zero(Mrr.Currency);

    public static AccountTimeline Build(IReadOnlyList<RevenueEventRecorded> entries, TimelineOptions options)
    {
        var fold = new Fold(options, entries.LastOrDefault(e => e.HasMrr)?.Currency ?? options.DefaultCurrency, entries);
        foreach (var entry in entries)
        {
            if (entry.EffectiveAt > options.Until)
            {
                break;
            }

            fold.ChurnDueBy(entry.EffectiveAt);
            fold.Apply(entry);
        }

        fold.ChurnDueBy(options.ChurnUntil);
        return fold.Result();
    }

    /// <summary>The first failure of the oldest invoice still unpaid after all entries (no grace window applied).</summary>
    public static DateTimeOffset? OldestOpenFailure(IReadOnlyList<RevenueEventRecorded> entries) =>
        Build(entries, new TimelineOptions(DateTimeOffset.MaxValue, DateTimeOffset.MinValue, TimeSpan.MaxValue, "XXX"))
            .Outstanding.Where(i => i.FailedAt is not null).Min(i => i.FailedAt);

    /// <summary>The mutable walk behind <see cref="Build"/>; only its result leaves.</summary>
    private sealed class Fold(TimelineOptions options, string currency, IReadOnlyList<RevenueEventRecorded> entries)
    {
        // Recorded decisions by invoice: a failure episode with a decision is never churned again under the configured window.
        private readonly ILookup<string, DateTimeOffset> _declared = entries
            .Where(e => e.Kind == RevenueEventKinds.InvoluntaryChurn && e.InvoiceId is not null)
            .ToLookup(e => e.InvoiceId!, e => e.OccurredAt, StringComparer.Ordinal);

        private readonly Dictionary<string, string> _settledBy = new(StringComparer.Ordinal);
        private readonly List<OverturnedChurn> _overturned = [];
        private readonly List<MrrPoint> _points = [];
        private readonly Dictionary<string, OutstandingInvoice> _open = new(StringComparer.Ordinal);
        private readonly List<DateTimeOffset> _failures = [];
        private readonly List<(DateTimeOffset, Money)> _refunds = [];
        private readonly List<Settlement> _settlements = [];
        private readonly List<InvoluntaryChurn> _churns = [];
        private readonly HashSet<string> _churnedFailures = new(StringComparer.Ordinal);
        private Money _mrr = Money.Zero(currency);
        private Money? _mrrBeforeChurn;
        private string _plan = "";
        private int? _quantity;
        private DateOnly? _renewal;
        private bool _trialing;
        private int _events;

        public void ChurnDueBy(DateTimeOffset time)
        {
            if (_mrrBeforeChurn is not null || _mrr.Minor == 0)
            {
                return;
            }

            var oldest = _open.Values
                .Where(i => i.FailedAt is not null && !_churnedFailures.Contains(i.FirstFailureEventId!) && !IsDeclared(i))
                .MinBy(i => i.FailedAt);
            if (oldest is null || options.Grace == TimeSpan.MaxValue)
            {
                return;
            }

            var deadline = oldest.FailedAt!.Value + options.Grace;
            if (deadline > time || deadline > options.ChurnUntil)
            {
                return;
            }

            Churn(deadline, oldest, declared: false);
        }

        public void Apply(RevenueEventRecorded e)
        {
            if (e.Kind == RevenueEventKinds.InvoluntaryChurn)
            {
                Declared(e);
                return;
            }

            if (e.IsLedgerDecision)
            {
                // A reversal only records that its decision was overturned; Declared() sees that from the invoice.
                return;
            }

            _events++;
            var at = e.EffectiveAt;
            switch (e.Kind)
            {
                case RevenueEventKinds.PaymentFailed:
                    Failed(e);
                    break;
                case RevenueEventKinds.InvoiceOverdue:
                    Overdue(e);
                    break;
                case RevenueEventKinds.Refund when e.Amount is { } refunded:
                    _refunds.Add((e.OccurredAt, refunded));
                    break;
                case RevenueEventKinds.TrialStarted:
                    _trialing = true;
                    break;
                case RevenueEventKinds.SubscriptionCancelled or RevenueEventKinds.TrialConverted:
                    _trialing = false;
                    break;
            }

            if (e.Plan.Length > 0)
            {
                _plan = e.Plan;
            }

            if (e.Quantity is { } quantity)
            {
                _quantity = quantity;
            }

            if (e.RenewalDate is { } renewal)
            {
                _renewal = renewal;
            }

            var stated = e.StatedMrr(_mrr.Currency);
            var restored = RevenueEventKinds.Settles(e.Kind) ? Settle(e) : null;
            if (stated is not null)
            {
                // The billing system's word on MRR wins, also over an involuntary churn it may not know of.
                _mrrBeforeChurn = null;
                SetMrr(at, stated, e.EventId, e.Kind);
            }
            else if (restored is not null)
            {
                SetMrr(at, restored, e.EventId, e.Kind);
            }

            if (e.Kind == RevenueEventKinds.SubscriptionCancelled)
            {
                // A voluntary cancellation ends the subscription; paying the old invoice later does not bring it back.
                _mrrBeforeChurn = null;
            }
        }

        public AccountTimeline Result() => new(
            _points, _mrr, _plan, _quantity, _renewal, _trialing && _mrr.Minor == 0, _mrrBeforeChurn is not null,
            [.. _open.Values.OrderBy(i => i.DueAt).ThenBy(i => i.InvoiceId, StringComparer.Ordinal)],
            _failures, _refunds, _settlements, _churns, _overturned, _events);

        private bool IsDeclared(OutstandingInvoice invoice) => _declared[invoice.InvoiceId].Any(at => at >= invoice.FailedAt);

        /// <summary>
        /// A recorded decision churns at its own time (the window it was made with), whatever the
        /// window is now; if its invoice was paid before then, it is overturned instead.
        /// </summary>
        private void Declared(RevenueEventRecorded decision)
        {
            var invoiceId = decision.InvoiceId ?? "";
            if (_open.TryGetValue(invoiceId, out var invoice) && invoice.FailedAt is not null)
            {
                if (_mrrBeforeChurn is null && _mrr.Minor > 0)
                {
                    Churn(decision.EffectiveAt, invoice, declared: true);
                }
            }
            else if (_settledBy.TryGetValue(invoiceId, out var settledBy) && _mrrBeforeChurn is null && _mrr.Minor > 0)
            {
                // Paid in time after all. (Had the account cancelled meanwhile, the decision is simply moot.)
                _overturned.Add(new OverturnedChurn(decision, settledBy, _mrr, _plan));
            }
        }

        private void Churn(DateTimeOffset at, OutstandingInvoice invoice, bool declared)
        {
            _churnedFailures.Add(invoice.FirstFailureEventId!);
            _churns.Add(new InvoluntaryChurn(at, invoice.FirstFailureEventId!, _mrr, invoice.InvoiceId, declared, _plan));
            _mrrBeforeChurn = _mrr;
            SetMrr(at, Money.Zero(_mrr.Currency), invoice.FirstFailureEventId!, RevenueEventKinds.InvoluntaryChurn);
        }

        private void Failed(RevenueEventRecorded e)
        {
            _failures.Add(e.OccurredAt);
            var key = e.InvoiceId ?? e.EventId;
            var due = e.DueAt ?? e.OccurredAt;
            _open[key] = _open.TryGetValue(key, out var known)
                ? known with
                {
                    Amount = e.Amount ?? known.Amount,
                    DueAt = Earlier(known.DueAt, due),
                    FailedAt = known.FailedAt ?? e.OccurredAt,
                    FirstFailureEventId = known.FirstFailureEventId ?? e.EventId,
                    FailedAttempts = known.FailedAttempts + 1,
                }
                : new OutstandingInvoice(key, e.Amount, due, e.OccurredAt, e.EventId, 1);
        }

        private void Overdue(RevenueEventRecorded e)
        {
            var key = e.InvoiceId ?? e.EventId;
            var due = e.DueAt ?? e.OccurredAt;
            _open[key] = _open.TryGetValue(key, out var known)
                ? known with { Amount = e.Amount ?? known.Amount, DueAt = Earlier(known.DueAt, due) }
                : new OutstandingInvoice(key, e.Amount, due, null, null, 0);
        }

        /// <summary>Closes what the event pays; returns the MRR to restore when it ends an involuntary churn.</summary>
        private Money? Settle(RevenueEventRecorded e)
        {
            var paid = e.InvoiceId is { } named
                ? _open.TryGetValue(named, out var one) ? [one] : []
                : _open.Values.ToList();
            var failed = paid.Count(i => i.FailedAt is not null);
            foreach (var invoice in paid)
            {
                _open.Remove(invoice.InvoiceId);
                _settledBy[invoice.InvoiceId] = e.EventId;
                if (invoice.FailedAt is not null)
                {
                    _settlements.Add(new Settlement(e.EventId, invoice.InvoiceId, e.Amount ?? invoice.Amount, e.OccurredAt, failed > 1));
                }
            }

            if (_mrrBeforeChurn is { } before && !_open.Values.Any(i => i.FailedAt is not null))
            {
                _mrrBeforeChurn = null;
                return before;
            }

            return null;
        }

        private void SetMrr(DateTimeOffset at, Money mrr, string eventId, string cause)
        {
            if (mrr == _mrr)
            {
                return;
            }

            var paidBefore = _points.Any(p => p.Mrr.Minor > 0);
            _points.Add(new MrrPoint(at, mrr, _mrr, paidBefore, eventId, cause));
            _mrr = mrr;
            if (mrr.Minor > 0)
            {
                _trialing = false;
            }
        }

        private static DateTimeOffset Earlier(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;
    }
}
