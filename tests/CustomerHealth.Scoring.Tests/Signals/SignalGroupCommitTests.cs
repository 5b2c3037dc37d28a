using System.Collections.Concurrent;
using CustomerHealth.Scoring.Accounts;
using CustomerHealth.Scoring.Signals;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace CustomerHealth.Scoring.Tests.Signals;

/// <summary>SignalIntake's group commit, with the transaction replaced by a recording stand-in.</summary>
public class SignalGroupCommitTests
{
    [Fact]
    public async Task Signals_waiting_while_a_transaction_commits_go_into_the_next_one_together()
    {
        var firstCommit = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var transactions = new ConcurrentQueue<string[]>();
        var intake = Intake(async (changes, _) =>
        {
            transactions.Enqueue([.. changes.Select(c => c.AccountId)]);
            if (transactions.Count == 1)
            {
                await firstCommit.Task;
            }
        });

        var first = intake.ApplyAsync([Change("acc-0")], CancellationToken.None);
        await Eventually.MatchesAsync(() => Task.FromResult(transactions.Count), n => n == 1, "the first transaction to start");
        var waiting = Enumerable.Range(1, 5).Select(i => intake.ApplyAsync([Change($"acc-{i}")], CancellationToken.None)).ToList();
        await Task.Delay(100);

        Assert.False(first.IsCompleted, "a message must not be acknowledged before its transaction commits");
        Assert.All(waiting, w => Assert.False(w.IsCompleted));
        firstCommit.SetResult();
        await Task.WhenAll(waiting.Append(first));

        Assert.Equal(2, transactions.Count);
        Assert.Equal(["acc-1", "acc-2", "acc-3", "acc-4", "acc-5"], transactions.Last().Order());
    }

    [Fact]
    public async Task A_message_that_fails_its_transaction_fails_alone_and_its_neighbours_commit()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var committed = new ConcurrentBag<string>();
        var intake = Intake(async (changes, _) =>
        {
            await gate.Task;
            if (changes.Any(c => c.AccountId == "poison"))
            {
                throw new InvalidOperationException("cannot apply");
            }

            foreach (var change in changes)
            {
                committed.Add(change.AccountId);
            }
        });

        var blocker = intake.ApplyAsync([Change("acc-blocker")], CancellationToken.None);
        var good = Enumerable.Range(0, 7).Select(i => intake.ApplyAsync([Change($"acc-{i}")], CancellationToken.None)).ToList();
        var bad = intake.ApplyAsync([Change("poison")], CancellationToken.None);
        good.AddRange(Enumerable.Range(7, 7).Select(i => intake.ApplyAsync([Change($"acc-{i}")], CancellationToken.None)));
        gate.SetResult();

        await Task.WhenAll(good.Append(blocker));
        await Assert.ThrowsAsync<InvalidOperationException>(() => bad);
        Assert.Equal(15, committed.Count);
        Assert.DoesNotContain("poison", committed);
    }

    [Fact]
    public async Task A_failure_of_the_moment_fails_the_whole_transaction_once_instead_of_splitting_it()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var attempts = new ConcurrentQueue<int>();
        var intake = Intake(async (changes, _) =>
        {
            await gate.Task;
            attempts.Enqueue(changes.Count);
            throw new Npgsql.NpgsqlException("connection refused", new System.Net.Sockets.SocketException());
        });

        var blocker = intake.ApplyAsync([Change("acc-blocker")], CancellationToken.None);
        var waiting = Enumerable.Range(0, 8).Select(i => intake.ApplyAsync([Change($"acc-{i}")], CancellationToken.None)).ToList();
        gate.SetResult();

        foreach (var message in waiting.Append(blocker))
        {
            await Assert.ThrowsAsync<Npgsql.NpgsqlException>(() => message);
        }

        // Each message was in exactly one attempted transaction: nothing was split and tried again.
        Assert.Equal(9, attempts.Sum());
        Assert.InRange(attempts.Count, 1, 2);
    }

    [Theory]
    [InlineData("08006", true)]
    [InlineData("40001", true)]
    [InlineData("40P01", true)]
    [InlineData("57P01", true)]
    [InlineData("22P02", false)]
    [InlineData("23505", false)]
    public void Database_errors_of_the_moment_are_told_from_errors_in_the_data(string sqlState, bool transient)
    {
        var error = new Npgsql.PostgresException("x", "ERROR", "ERROR", sqlState);

        Assert.Equal(transient, TransientFailure.Is(new InvalidOperationException("wrapped", error)));
    }

    [Fact]
    public async Task A_change_set_spanning_both_lanes_completes_only_when_both_have_committed()
    {
        var slowLane = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var (even, odd) = (AccountInLane(0), AccountInLane(1));
        var intake = Intake(
            async (changes, _) =>
            {
                if (changes.Any(c => c.AccountId == odd))
                {
                    await slowLane.Task;
                }
            },
            lanes: 2);

        var both = intake.ApplyAsync([Change(even), Change(odd)], CancellationToken.None);
        await Task.Delay(100);
        Assert.False(both.IsCompleted);
        slowLane.SetResult();
        await both;
    }

    private static SignalIntake Intake(Func<IReadOnlyList<AccountChange>, CancellationToken, Task> commit, int lanes = 1) =>
        new(commit, Options.Create(new SignalIntakeSettings { Lanes = lanes }), NullLogger<SignalIntake>.Instance);

    private static AccountChange Change(string accountId) => new RescoreRequested(accountId, DateTimeOffset.UnixEpoch);

    private static string AccountInLane(int lane) =>
        Enumerable.Range(0, 100).Select(i => $"acc-{i}").First(id => AccountLocks.StripeOf(id) % 2 == lane);
}
