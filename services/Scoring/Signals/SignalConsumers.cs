using CustomerHealth.Contracts.Billing;
using CustomerHealth.Contracts.Feedback;
using CustomerHealth.Contracts.Usage;
using CustomerHealth.Scoring.Accounts;
using MassTransit;

namespace CustomerHealth.Scoring.Signals;

/// <summary>
/// Consumes an integration event and hands the translated signal to <see cref="SignalIntake"/>,
/// which commits it together with every other signal waiting meanwhile; the message is
/// acknowledged once that transaction has committed.
/// </summary>
public abstract class SignalConsumer<TMessage>(SignalIntake scoring) : IConsumer<TMessage>
    where TMessage : class
{
    public Task Consume(ConsumeContext<TMessage> context) =>
        scoring.ApplyAsync([new SignalReceived(AccountOf(context.Message), Translate(context.Message))], context.CancellationToken);

    protected abstract string AccountOf(TMessage message);

    protected abstract IAccountSignal Translate(TMessage message);
}

public sealed class RevenueChangedConsumer(SignalIntake scoring) : SignalConsumer<RevenueChangedV1>(scoring)
{
    protected override string AccountOf(RevenueChangedV1 m) => m.AccountId;

    protected override IAccountSignal Translate(RevenueChangedV1 m) =>
        new RevenueRecorded($"billing/revenue/{m.EventId}", m.Kind, m.MrrMinor, m.Currency, m.Plan, m.Source, m.OccurredAt);
}

public sealed class PaymentFailedConsumer(SignalIntake scoring) : SignalConsumer<PaymentFailedV1>(scoring)
{
    protected override string AccountOf(PaymentFailedV1 m) => m.AccountId;

    protected override IAccountSignal Translate(PaymentFailedV1 m) =>
        new PaymentFailed($"billing/payment-failed/{m.EventId}", m.InvoiceId, m.AmountMinor, m.Currency, m.DueAt, m.OccurredAt);
}

public sealed class PaymentRecoveredConsumer(SignalIntake scoring) : SignalConsumer<PaymentRecoveredV1>(scoring)
{
    protected override string AccountOf(PaymentRecoveredV1 m) => m.AccountId;

    protected override IAccountSignal Translate(PaymentRecoveredV1 m) =>
        new PaymentRecovered($"billing/payment-recovered/{m.EventId}", m.InvoiceId, m.AmountMinor, m.Currency, m.OccurredAt);
}

public sealed class SubscriptionCancelledConsumer(SignalIntake scoring) : SignalConsumer<SubscriptionCancelledV1>(scoring)
{
    protected override string AccountOf(SubscriptionCancelledV1 m) => m.AccountId;

    protected override IAccountSignal Translate(SubscriptionCancelledV1 m) =>
        new SubscriptionCancelled($"billing/cancelled/{m.EventId}", m.Reason, m.EffectiveDate, m.LostMrrMinor, m.Currency, m.OccurredAt);
}

public sealed class RenewalDateChangedConsumer(SignalIntake scoring) : SignalConsumer<RenewalDateChangedV1>(scoring)
{
    protected override string AccountOf(RenewalDateChangedV1 m) => m.AccountId;

    protected override IAccountSignal Translate(RenewalDateChangedV1 m) =>
        new RenewalDateSet($"billing/renewal/{m.EventId}", m.RenewalDate, m.OccurredAt);
}

public sealed class AccountUsageChangedConsumer(SignalIntake scoring) : SignalConsumer<AccountUsageChangedV1>(scoring)
{
    protected override string AccountOf(AccountUsageChangedV1 m) => m.AccountId;

    protected override IAccountSignal Translate(AccountUsageChangedV1 m) =>
        new UsageMeasured($"usage/{m.SignalId}", m.AsOfDay, m.Dau, m.Wau, m.Mau, m.AverageDau28, m.ActiveUsers, m.CoreFeaturesUsed28,
            m.CoreFeaturesConfigured, m.EventsLast14Days, m.EventsPrevious14Days, m.LastActiveAt, m.OccurredAt);
}

public sealed class SurveyAnsweredConsumer(SignalIntake scoring) : SignalConsumer<SurveyAnsweredV1>(scoring)
{
    protected override string AccountOf(SurveyAnsweredV1 m) => m.AccountId;

    protected override IAccountSignal Translate(SurveyAnsweredV1 m) =>
        new SurveyAnswered($"feedback/survey/{m.EventId}", m.Kind, m.Score, m.RespondentId, m.CommentSentiment, m.OccurredAt);
}

public sealed class SupportTicketChangedConsumer(SignalIntake scoring) : SignalConsumer<SupportTicketChangedV1>(scoring)
{
    protected override string AccountOf(SupportTicketChangedV1 m) => m.AccountId;

    protected override IAccountSignal Translate(SupportTicketChangedV1 m) =>
        new SupportTicketUpdated($"feedback/ticket/{m.EventId}", m.TicketId, m.Status, m.Priority, m.OpenedAt, m.FirstResponseAt, m.SolvedAt, m.OccurredAt);
}
