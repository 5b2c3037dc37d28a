using System.Collections.Concurrent;

namespace CustomerHealth.ServiceDefaults.Persistence;

/// <summary>
/// Group commit: concurrent requests queue their items, and whichever request holds the writer turn
/// records everything queued so far (up to <paramref name="maxItems"/>) in one transaction. Writers
/// of the same accounts would wait for each other's locks anyway; one larger transaction instead of
/// many waiting ones is what raises throughput. Each request gets its own items' outcomes, or the
/// failure of the transaction that carried them.
/// </summary>
/// <param name="splitOnFailure">
/// When it says yes to a failure, the failed group's requests are tried again in halves, down to the
/// single request, so one bad request fails alone instead of failing every request it shared a
/// transaction with. Without it (or when it says no) every request of the group gets the failure.
/// </param>
public sealed class GroupCommit<TItem, TOutcome>(
    Func<IReadOnlyList<TItem>, Task<IReadOnlyList<TOutcome>>> commit, int maxItems, Func<Exception, bool>? splitOnFailure = null)
{
    private readonly ConcurrentQueue<Request> _queue = new();
    private readonly SemaphoreSlim _writer = new(1, 1);

    public async Task<IReadOnlyList<TOutcome>> SubmitAsync(IReadOnlyList<TItem> items, CancellationToken ct)
    {
        var request = new Request(items);
        _queue.Enqueue(request);
        while (!request.Done.Task.IsCompleted)
        {
            await _writer.WaitAsync(ct);
            try
            {
                if (!request.Done.Task.IsCompleted)
                {
                    await CommitQueuedAsync();
                }
            }
            finally
            {
                _writer.Release();
            }
        }

        return await request.Done.Task;
    }

    private async Task CommitQueuedAsync()
    {
        var group = new List<Request>();
        var count = 0;
        while (_queue.TryPeek(out var next) && (group.Count == 0 || count + next.Items.Count <= maxItems) && _queue.TryDequeue(out next))
        {
            group.Add(next);
            count += next.Items.Count;
        }

        if (group.Count > 0)
        {
            await CommitAsync(group);
        }
    }

    private async Task CommitAsync(IReadOnlyList<Request> group)
    {
        try
        {
            // Not the caller's token: the transaction carries other requests too.
            var outcomes = await commit([.. group.SelectMany(r => r.Items)]);
            var offset = 0;
            foreach (var request in group)
            {
                request.Done.TrySetResult([.. outcomes.Skip(offset).Take(request.Items.Count)]);
                offset += request.Items.Count;
            }
        }
        catch (Exception ex) when (group.Count > 1 && splitOnFailure?.Invoke(ex) == true)
        {
            var half = group.Count / 2;
            await CommitAsync([.. group.Take(half)]);
            await CommitAsync([.. group.Skip(half)]);
        }
        catch (Exception ex)
        {
            foreach (var request in group)
            {
                request.Done.TrySetException(ex);
            }
        }
    }

    private sealed record Request(IReadOnlyList<TItem> Items)
    {
        public TaskCompletionSource<IReadOnlyList<TOutcome>> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
