using CustomerHealth.Contracts.Billing;
using JasperFx;
using Marten;
using MassTransit;

namespace CustomerHealth.Scoring.ReceivingSignals;

/// <summary>Appends each billing revenue change to the account's stream, once per source event.</summary>
public sealed partial class RevenueChangedConsumer(IDocumentStore store, TimeProvider clock, ILogger<RevenueChangedConsumer> logger)
    : IConsumer<RevenueChangedV1>
{
    public async Task Consume(ConsumeContext<RevenueChangedV1> context)
    {
        var message = context.Message;
        await using var session = store.LightweightSession();
        session.Insert(new ProcessedSignal(ProcessedSignal.KeyFor("billing/revenue", message.EventId), clock.GetUtcNow()));
        session.Events.Append(message.AccountId, new RevenueRecorded(
            message.EventId, message.Kind, message.MrrMinor, message.Currency, message.OccurredAt, message.Plan, message.Source, clock.GetUtcNow()));
        try
        {
            await session.SaveChangesAsync(context.CancellationToken);
        }
        catch (DocumentAlreadyExistsException)
        {
            LogDuplicate(message.EventId, message.AccountId);
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Revenue event {EventId} for account {AccountId} was already applied")]
    private partial void LogDuplicate(string eventId, string accountId);
}
