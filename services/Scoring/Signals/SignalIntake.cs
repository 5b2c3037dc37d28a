using System.Threading.Channels;
using CustomerHealth.Scoring.Accounts;
using Microsoft.Extensions.Options;

namespace CustomerHealth.Scoring.Signals;

/// <summary>
/// Group commit for the signal consumers: every signal that arrives (from any queue) while a
/// transaction commits goes into the next one, so transactions are small when the load is light
/// (no timer to wait for) and large under a backlog (the per-transaction cost is shared). Two lanes,
/// split by account lock stripe, keep scoring and PostgreSQL busy at once without ever waiting on each
/// other. A message is acknowledged only after the transaction holding it commits, so nothing
/// acknowledged can be lost.
/// </summary>
/// <param name="commit">Applies changes in one transaction: <see cref="AccountScoring.ApplyAsync"/> in the service.</param>
public sealed class SignalIntake(
    Func<IReadOnlyList<AccountChange>, CancellationToken, Task> commit, IOptions<SignalIntakeSettings> settings, ILogger<SignalIntake> logger) : BackgroundService
{
    private readonly Channel<Pending>[] _lanes = [.. Enumerable.Range(0, Math.Max(1, settings.Value.Lanes)).Select(_ => Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true }))];

    /// <summary>Completes when every change is committed (or was a redelivery).</summary>
    public async Task ApplyAsync(IReadOnlyList<AccountChange> changes, CancellationToken ct)
    {
        if (changes.Count == 1)
        {
            var single = new Pending(changes);
            _lanes[AccountLocks.StripeOf(changes[0].AccountId) % _lanes.Length].Writer.TryWrite(single);
            await single.Done.Task.WaitAsync(ct);
            return;
        }

        var pending = changes.GroupBy(c => AccountLocks.StripeOf(c.AccountId) % _lanes.Length)
            .Select(lane =>
            {
                var p = new Pending([.. lane]);
                _lanes[lane.Key].Writer.TryWrite(p);
                return p.Done.Task;
            })
            .ToList();
        await Task.WhenAll(pending).WaitAsync(ct);
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(_lanes.Select(lane => Task.Run(() => RunLaneAsync(lane.Reader, stoppingToken), stoppingToken)));

    private async Task RunLaneAsync(ChannelReader<Pending> lane, CancellationToken ct)
    {
        var group = new List<Pending>();
        try
        {
            while (await lane.WaitToReadAsync(ct))
            {
                group.Clear();
                var count = 0;
                while (count < settings.Value.MaxChangesPerTransaction && lane.TryRead(out var next))
                {
                    group.Add(next);
                    count += next.Changes.Count;
                }

                await ApplyGroupAsync(group, ct);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }

        // Shutting down: the consumers still waiting leave their messages unacknowledged, to be redelivered.
        while (lane.TryRead(out var left))
        {
            left.Done.TrySetCanceled(ct);
        }
    }

    /// <summary>
    /// Commits the group in one transaction. If that fails because of what is in it, the halves are
    /// tried apart, down to the single message: one bad message fails (and is retried or
    /// dead-lettered) alone, not its neighbours. A failure of the moment (database unreachable, a
    /// concurrent writer) fails the whole group at once, for the broker's retry: splitting would only
    /// repeat it a thousand times.
    /// </summary>
    private async Task ApplyGroupAsync(IReadOnlyList<Pending> group, CancellationToken ct)
    {
        try
        {
            await commit([.. group.SelectMany(p => p.Changes)], ct);
            foreach (var pending in group)
            {
                pending.Done.TrySetResult();
            }
        }
        catch (Exception ex) when (group.Count > 1 && !ct.IsCancellationRequested && !TransientFailure.Is(ex))
        {
            logger.LogWarning(ex, "A transaction of {Count} signal messages failed; trying its halves apart", group.Count);
            var half = group.Count / 2;
            await ApplyGroupAsync([.. group.Take(half)], ct);
            await ApplyGroupAsync([.. group.Skip(half)], ct);
        }
        catch (Exception ex)
        {
            foreach (var pending in group)
            {
                pending.Done.TrySetException(ex);
            }
        }
    }

    private sealed record Pending(IReadOnlyList<AccountChange> Changes)
    {
        public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}

public sealed class SignalIntakeSettings
{
    /// <summary>Unacknowledged messages per signal queue: the most one queue can add to a transaction.</summary>
    public const int InFlightPerQueue = 500;

    /// <summary>Transactions in flight at once, over disjoint account lock stripes.</summary>
    public int Lanes { get; set; } = 2;

    /// <summary>Changes merged into one transaction at most.</summary>
    public int MaxChangesPerTransaction { get; set; } = 1000;
}
