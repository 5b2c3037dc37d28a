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
/// inline projection keeps the latest version as the ticket), the version as a row for queries at a
/// point in time (<see cref="SupportTicketVersion"/>) and a SupportTicketChangedV1 outbox row,
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
        session.Insert(SupportTicketVersion.From(version));
        session.PublishOnCommit(ChangedSignal(version), DeterministicGuid.From($"feedback/ticket/{r.EventId}"));
        await session.SaveChangesAsync(ct);
        return (new RecordOutcome(RecordStatus.Recorded, version.RecordedAt), ticket is null || version.Supersedes(ticket));
    }

    /// <summary>
    /// Every version is published with its own state and time, never the ticket's latest state: a
    /// version arriving late then says what was true at its OccurredAt, and consumers that keep the
    /// latest by OccurredAt (as the contract says) ignore it for "now" but place it right in history.
    /// </summary>
    public static SupportTicketChangedV1 ChangedSignal(SupportTicketVersionRecorded v) =>
        new(v.EventId, v.AccountId, v.TicketId, v.Status, v.Priority, v.OpenedAt, v.FirstResponseAt, v.SolvedAt, v.OccurredAt);
}
