using CustomerHealth.Scoring.Accounts;
using CustomerHealth.ServiceDefaults.Persistence;
using Microsoft.Extensions.Options;

namespace CustomerHealth.Scoring.Signals;

/// <summary>
/// Group commit for the signal consumers: every signal that arrives (from any queue) while a
/// transaction commits goes into the next one, so transactions are small when the load is light
/// (no timer to wait for) and large under a backlog (the per-transaction cost is shared). Lanes split
/// by account lock stripe keep scoring and PostgreSQL busy at once without ever waiting on each
/// other. A message is acknowledged only after the transaction holding it commits, so nothing
/// acknowledged can be lost.
/// </summary>
public sealed partial class SignalIntake
{
    private readonly LanedGroupCommit<AccountChange, bool> _group;
    private readonly ILogger<SignalIntake> _logger;

    /// <param name="commit">Applies changes in one transaction: <see cref="AccountScoring.ApplyAsync"/> in the service.</param>
    public SignalIntake(Func<IReadOnlyList<AccountChange>, CancellationToken, Task> commit, IOptions<SignalIntakeSettings> settings, ILogger<SignalIntake> logger)
    {
        _logger = logger;
        _group = new LanedGroupCommit<AccountChange, bool>(
            settings.Value.Lanes,
            c => AccountLocks.StripeOf(c.AccountId),
            async changes =>
            {
                await commit(changes, CancellationToken.None);
                return [.. changes.Select(_ => true)];
            },
            settings.Value.MaxChangesPerTransaction,
            SplitAfter);
    }

    /// <summary>Completes when every change is committed (or was a redelivery).</summary>
    public Task ApplyAsync(IReadOnlyList<AccountChange> changes, CancellationToken ct) => _group.SubmitAsync(changes, ct);

    /// <summary>
    /// A merged transaction that failed because of what is in it is tried again in halves, so one bad
    /// message fails (and is retried or dead-lettered) alone, not its neighbours. A failure of the
    /// moment (database unreachable, a concurrent writer) fails the whole group at once for the
    /// broker's retry: splitting would only repeat it a thousand times.
    /// </summary>
    private bool SplitAfter(Exception ex)
    {
        if (TransientFailure.Is(ex))
        {
            return false;
        }

        LogSplitting(ex);
        return true;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A merged signal transaction failed; trying its halves apart")]
    private partial void LogSplitting(Exception ex);
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
