using CustomerHealth.Contracts.Billing;
using CustomerHealth.ServiceDefaults.Outbox;
using CustomerHealth.ServiceDefaults.Resilience;
using JasperFx;
using Marten;

namespace CustomerHealth.Billing.RecordingRevenue;

/// <summary>
/// Records a revenue event once: the idempotency record, the account's stream event and the
/// RevenueChangedV1 outbox row commit in one PostgreSQL transaction, so an acknowledged event is
/// never lost and never published twice under different ids.
/// </summary>
public sealed class RevenueEventRecorder(IDocumentStore store, TimeProvider clock)
{
    public async Task<RecordOutcome> RecordAsync(RecordRevenueEvent command, CancellationToken ct)
    {
        var fingerprint = command.Fingerprint();
        // A second attempt only happens when a concurrent request inserted the same id first.
        for (var attempt = 0; ; attempt++)
        {
            await using var session = store.LightweightSession();
            var existing = await session.LoadAsync<RecordedRevenueEvent>(command.EventId, ct);
            if (existing is not null)
            {
                return new RecordOutcome(
                    existing.Fingerprint == fingerprint ? RecordStatus.Duplicate : RecordStatus.Conflict,
                    existing.RecordedAt);
            }

            var now = clock.GetUtcNow();
            session.Insert(new RecordedRevenueEvent(command.EventId, command.AccountId, fingerprint, now));
            session.Events.Append(command.AccountId, new RevenueEventRecorded(
                command.EventId, command.Kind, command.MrrMinor, command.Currency, command.OccurredAt, command.Plan, command.Source, now));
            session.PublishOnCommit(
                new RevenueChangedV1(command.EventId, command.AccountId, command.Kind, command.MrrMinor, command.Currency, command.OccurredAt, command.Plan, command.Source, now),
                DeterministicGuid.From($"billing/revenue/{command.EventId}"));
            try
            {
                await session.SaveChangesAsync(ct);
                return new RecordOutcome(RecordStatus.Recorded, now);
            }
            catch (DocumentAlreadyExistsException) when (attempt == 0)
            {
                // Lost the race to a concurrent delivery of the same event: read what it stored.
            }
        }
    }
}
