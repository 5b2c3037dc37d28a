using CustomerHealth.Contracts.Feedback;
using CustomerHealth.Feedback.V1;
using CustomerHealth.ServiceDefaults.Outbox;
using CustomerHealth.ServiceDefaults.Persistence;
using CustomerHealth.ServiceDefaults.Resilience;
using JasperFx;
using Marten;

namespace CustomerHealth.Feedback.Tickets;

/// <summary>
/// Records a ticket version once: the idempotency record, the version on the ticket's stream (the
/// inline projection keeps the latest version as the ticket) and a SupportTicketChangedV1 outbox row,
/// in one transaction with the ticket locked, so concurrent versions cannot overwrite each other.
/// </summary>
public sealed class SupportTicketRecorder(IDocumentStore store, TimeProvider clock)
{
    public async Task<(RecordOutcome Outcome, bool IsLatest)> RecordAsync(RecordSupportTicketRequest r, CancellationToken ct)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return await TryRecordAsync(r, ct);
            }
            catch (DocumentAlreadyExistsException) when (attempt < 2)
            {
            }
        }
    }

    private async Task<(RecordOutcome, bool)> TryRecordAsync(RecordSupportTicketRequest r, CancellationToken ct)
    {
        var version = new SupportTicketVersionRecorded(
            r.EventId, r.TicketId, r.AccountId, r.Status, r.Priority, r.OpenedAt.ToDateTimeOffset(), r.FirstResponseAt?.ToDateTimeOffset(),
            r.SolvedAt?.ToDateTimeOffset(), r.OccurredAt.ToDateTimeOffset(), r.Subject, r.Source, clock.GetUtcNow());
        var fingerprint = Fingerprint.Of(
            version.EventId, version.TicketId, version.AccountId, version.Status, version.Priority, version.OpenedAt, version.FirstResponseAt,
            version.SolvedAt, version.OccurredAt, version.Subject, version.Source);
        await using var session = store.LightweightSession();
        await session.LockForTransactionAsync("feedback-ticket", [r.TicketId], ct);
        if (await session.LoadAsync<RecordedTicketVersion>(r.EventId, ct) is { } known)
        {
            var status = known.Fingerprint == fingerprint ? RecordStatus.Duplicate : RecordStatus.Conflict;
            var current = await session.LoadAsync<SupportTicket>(known.TicketId, ct);
            return (new RecordOutcome(status, known.RecordedAt), current?.EventId == r.EventId);
        }

        var ticket = await session.LoadAsync<SupportTicket>(r.TicketId, ct);
        session.Insert(new RecordedTicketVersion(r.EventId, r.TicketId, fingerprint, version.RecordedAt));
        session.Events.Append(r.TicketId, version);
        // Every version is published; consumers keep the latest by OccurredAt, as the contract says.
        session.PublishOnCommit(
            new SupportTicketChangedV1(r.EventId, r.AccountId, r.TicketId, r.Status, r.Priority, version.OpenedAt, version.FirstResponseAt,
                version.SolvedAt, version.OccurredAt),
            DeterministicGuid.From($"feedback/ticket/{r.EventId}"));
        await session.SaveChangesAsync(ct);
        return (new RecordOutcome(RecordStatus.Recorded, version.RecordedAt), ticket is null || version.Supersedes(ticket));
    }
}
