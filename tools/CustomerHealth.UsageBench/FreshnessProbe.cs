using CustomerHealth.Usage.V1;
using Google.Protobuf.WellKnownTypes;
using Npgsql;

namespace CustomerHealth.UsageBench;

/// <summary>
/// The issue's freshness figure: how long after a live event is acknowledged the account's metrics
/// are published, through the gateway. The publication time is the outbox row's dispatched_at (the
/// dispatcher's transaction, just before the broker confirmed it), from the same machine clock; the
/// outbox is read once, at the end, so the probe adds no load while it measures. Two kinds:
/// <list type="bullet">
/// <item><b>first change</b>: every two seconds one event for an account of its own, so that
/// account's first signal is the one carrying it;</item>
/// <item><b>steady traffic</b>: a few accounts that each send an event every half second for the
/// whole phase; an event is published by the first signal counting it (events in the last 14 days),
/// so the events just after a signal wait out the most (the first is just after the account's first
/// signal, a second into the phase: the worst case, the one the target is about). Only events sent at least the target plus
/// 5 s before the phase ended are counted, so each was either published under that phase's load or
/// missed the target under it.</item>
/// </list>
/// The target is the signal window + 1 s.
/// </summary>
internal sealed class FreshnessProbe(UsageService.UsageServiceClient client, string database, string runId)
{
    private const int SteadyAccounts = 4;
    private static readonly TimeSpan Spacing = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan SteadySpacing = TimeSpan.FromMilliseconds(500);
    private readonly List<(string Account, string Label, DateTimeOffset Accepted)> _sent = [];
    private readonly List<(string Account, long Count, string Label, DateTimeOffset Accepted)> _steady = [];
    private readonly Dictionary<string, DateTimeOffset> _phaseEnds = [];
    private int _next;
    private int _phase;

    public async Task RunAsync(string label, CancellationToken ct)
    {
        var phase = _phase++;
        await Task.WhenAll(Enumerable.Range(0, SteadyAccounts)
            .Select(i => SteadyAsync(label, $"steady-{runId}-{phase}-{i}", SteadySpacing * i / SteadyAccounts, ct))
            .Append(FirstChangesAsync(label, ct)));
        lock (_phaseEnds)
        {
            _phaseEnds[label] = DateTimeOffset.UtcNow;
        }
    }

    private async Task FirstChangesAsync(string label, CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            var account = $"probe-{runId}-{_next++:D4}";
            if (await SendAsync(account, 1) is { } accepted)
            {
                lock (_sent)
                {
                    _sent.Add((account, label, accepted));
                }
            }

            // Not acknowledged: counted as missing below (it has no freshness).
            await Task.Delay(Spacing, ct).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    private async Task SteadyAsync(string label, string account, TimeSpan stagger, CancellationToken ct)
    {
        await Task.Delay(stagger, ct).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        for (var k = 1L; !ct.IsCancellationRequested; k++)
        {
            // One event per account at a time, so the k-th acknowledged event makes the count k.
            if (await SendAsync(account, k) is not { } accepted)
            {
                return;
            }

            lock (_steady)
            {
                _steady.Add((account, k, label, accepted));
            }

            await Task.Delay(SteadySpacing, ct).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    private async Task<DateTimeOffset?> SendAsync(string account, long k)
    {
        var request = new RecordEventBatchRequest();
        request.Events.Add(new UsageEvent
        {
            EventId = $"{account}-e{k}",
            AccountId = account,
            UserId = "probe-user",
            Feature = "login",
            OccurredAt = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow),
        });
        try
        {
            await client.RecordEventBatchAsync(request, cancellationToken: CancellationToken.None);
            return DateTimeOffset.UtcNow;
        }
        catch (Grpc.Core.RpcException)
        {
            return null;
        }
    }

    /// <summary>Waits until every probe's signal is published (at most <paramref name="patience"/>) and describes the latencies per label.</summary>
    public async Task<List<string>> ReportAsync(TimeSpan window, TimeSpan patience)
    {
        var deadline = DateTimeOffset.UtcNow + patience;
        Dictionary<string, (DateTimeOffset Written, DateTimeOffset Published)> published;
        while (true)
        {
            published = await PublishedAsync();
            if (published.Count >= _sent.Count || DateTimeOffset.UtcNow >= deadline)
            {
                break;
            }

            await Task.Delay(TimeSpan.FromSeconds(1));
        }

        var target = window + TimeSpan.FromSeconds(1);
        var lines = new List<string>();
        var steadySignals = await SteadySignalsAsync();
        foreach (var group in _steady.GroupBy(s => s.Label))
        {
            var cutoff = _phaseEnds[group.Key] - target - TimeSpan.FromSeconds(5);
            var counted = group.Where(s => s.Accepted <= cutoff).ToList();
            if (counted.Count == 0)
            {
                lines.Add($"{group.Key}, steady traffic: no event sent {target.TotalSeconds + 5:0} s or more before the phase ended (run phases longer than that: --seconds)");
                continue;
            }

            var latencies = counted
                .Select(s => steadySignals.TryGetValue(s.Account, out var signals) && signals.FirstOrDefault(x => x.Count >= s.Count) is { Published: var at } && at != default
                    ? (at - s.Accepted).TotalSeconds
                    : double.PositiveInfinity)
                .Order()
                .ToList();
            double Q(double q) => latencies[Math.Min(latencies.Count - 1, (int)Math.Ceiling(q * latencies.Count) - 1)];
            var unpublished = latencies.Count(double.IsPositiveInfinity);
            lines.Add($"{group.Key}, steady traffic ({SteadyAccounts} accounts, an event each every {SteadySpacing.TotalSeconds:0.0} s): {latencies.Count} events, "
                      + $"acknowledged -> published p50 {Q(0.5):0.0} s, p90 {Q(0.9):0.0} s, max {latencies[^1]:0.0} s"
                      + (unpublished > 0 ? $" ({unpublished} not published)" : "")
                      + $"; within window + 1 s ({target.TotalSeconds:0} s): {latencies.Count(l => l <= target.TotalSeconds)} of {latencies.Count}");
        }

        foreach (var group in _sent.GroupBy(s => s.Label))
        {
            var latencies = group.Where(s => published.ContainsKey(s.Account))
                .Select(s => (Written: (published[s.Account].Written - s.Accepted).TotalSeconds, Published: (published[s.Account].Published - s.Accepted).TotalSeconds))
                .OrderBy(l => l.Published)
                .ToList();
            var missing = group.Count() - latencies.Count;
            if (latencies.Count == 0)
            {
                lines.Add($"{group.Key}, first change: {group.Count()} probes, none published within {patience.TotalSeconds:0} s");
                continue;
            }

            double At(double q) => latencies[Math.Min(latencies.Count - 1, (int)Math.Ceiling(q * latencies.Count) - 1)].Published;
            var within = latencies.Count(l => l.Published <= (window + TimeSpan.FromSeconds(1)).TotalSeconds);
            lines.Add($"{group.Key}, first change: {latencies.Count} probes{(missing > 0 ? $" ({missing} not published within {patience.TotalSeconds:0} s)" : "")}, "
                      + $"event acknowledged -> signal published p50 {At(0.5):0.0} s, p90 {At(0.9):0.0} s, max {latencies[^1].Published:0.0} s "
                      + $"(written to the outbox max {latencies.Max(l => l.Written):0.0} s); within window + 1 s ({(window + TimeSpan.FromSeconds(1)).TotalSeconds:0} s): {within} of {group.Count()}");
        }

        return lines;
    }

    private async Task<Dictionary<string, (DateTimeOffset, DateTimeOffset)>> PublishedAsync()
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "select body->>'accountId', min(created_at), min(dispatched_at) from usage.outbox_messages "
            + "where body->>'accountId' like @prefix and dispatched_at is not null group by 1",
            connection);
        command.Parameters.AddWithValue("prefix", $"probe-{runId}-%");
        var result = new Dictionary<string, (DateTimeOffset, DateTimeOffset)>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            result[reader.GetString(0)] = (reader.GetFieldValue<DateTimeOffset>(1), reader.GetFieldValue<DateTimeOffset>(2));
        }

        return result;
    }

    /// <summary>Each steady account's signals in order of their counts, with when each was dispatched.</summary>
    private async Task<Dictionary<string, List<(long Count, DateTimeOffset Published)>>> SteadySignalsAsync()
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "select body->>'accountId', (body->>'eventsLast14Days')::bigint, dispatched_at from usage.outbox_messages "
            + "where body->>'accountId' like @prefix and dispatched_at is not null order by 1, 2, 3",
            connection);
        command.Parameters.AddWithValue("prefix", $"steady-{runId}-%");
        var result = new Dictionary<string, List<(long, DateTimeOffset)>>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            var account = reader.GetString(0);
            if (!result.TryGetValue(account, out var signals))
            {
                result[account] = signals = [];
            }

            signals.Add((reader.GetInt64(1), reader.GetFieldValue<DateTimeOffset>(2)));
        }

        return result;
    }
}
