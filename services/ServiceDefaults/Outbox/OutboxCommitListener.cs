using Marten;
using Marten.Services;

namespace CustomerHealth.ServiceDefaults.Outbox;

internal sealed class OutboxCommitListener(OutboxSignal signal) : DocumentSessionListenerBase
{
    public override Task BeforeSaveChangesAsync(IDocumentSession session, CancellationToken token)
    {
        OutboxSessionExtensions.FlushPending(session);
        return Task.CompletedTask;
    }

    public override Task AfterCommitAsync(IDocumentSession session, IChangeSet commit, CancellationToken token)
    {
        signal.Notify();
        return Task.CompletedTask;
    }
}
