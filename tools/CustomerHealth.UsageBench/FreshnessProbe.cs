using CustomerHealth.Usage.V1;
using Google.Protobuf.WellKnownTypes;
using Npgsql;

namespace CustomerHealth.UsageBench;

/// <summary>
/// The freshness figure: how long after a live event is acknowledged the account's metrics
/// are published (the outbox row's dispatched_at, written by the dispatcher just before the broker
/// confirmed it, on the same machine clock). Two kinds of probe, both through the gateway:
/// <list type="bullet">
/// <item><b>first change</b>: every two seconds one event for an account of its own, whose first
/// signal carries it (published at once under per-account pacing: the best case);</item>
/// <item><b>just after a signal</b>: a few accounts that each send their next event as soon as the
/// signal carrying the previous one is published, so every event waits out a whole window: the worst
/// case, which the target (window + 1 s) is about.</item>
/// </list>
/// A paced probe still waiting when its phase ends is abandoned (counted), so every latency reported
/// for a phase was measured under that phase's load.
/// </summary>
internal sealed class FreshnessProbe(UsageService.UsageServiceClient client, string database, string runId)
{
    private const string FirstChange = "first change";
    private const string AfterSignal = "just after a signal";
    private const int PacedAccounts = 6;
    private static readonly TimeSpan Spacing = TimeSpan.FromSeconds(2);
    private readonly List<(string Account, string Label, DateTimeOffset Accepted)> _firstChanges = [];
    private readonly List<(string Label, double Seconds)> _afterSignal = [];
    private readonly Dictionary<string, int> _abandoned = [];
    private int _next;
    private int _phase;

    public async Task RunAsync(string label, CancellationToken ct)
    {
        var phase = _phase++;
        await Task.WhenAll(Enumerable.Range(0, PacedAccounts).Select(i => PacedAsync(label, $"paced-{runId}-{phase}-{i}", TimeSpan.FromSeconds(i), ct)).Append(FirstChangesAsync(label, ct)));
    }

    private async Task FirstChangesAsync(string label, CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            var account = $"probe-{runId}-{_next++:D4}";
            if (await SendAsync(account, 1) is { } accepted)
            {
                lock (_firstChanges)
                {
                    _firstChanges.Add((account, label, accepted));
                }
            }

            await Task.Delay(Spacing, ct).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    private async Task PacedAsync(string label, string account, TimeSpan stagger, CancellationToken ct)
    {
        await Task.Delay(stagger, ct).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync(CancellationToken.None);
        for (var k = 1; !ct.IsCancellationRequested; k++)
        {
            if (await SendAsync(account, k) is not { } accepted)
            {
                return;
            }

            // The signal that carries event k is the first one counting k events.
            DateTimeOffset? published = null;
            while (published is null && !ct.IsCancellationRequested)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(100), ct).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                await using var command = new NpgsqlCommand(
                    "select min(dispatched_at) from usage.outbox_messages where body->>'accountId' = @account "
                    + "and (body->>'eventsLast14Days')::bigint >= @k and dispatched_at is not null",
                    connection);
                command.Parameters.AddWithValue("account", account);
                command.Parameters.AddWithValue("k", (long)k);
                published = await command.ExecuteScalarAsync(CancellationToken.None) as DateTimeOffset?;
            }

            if (published is null)
            {
                lock (_afterSignal)
                {
                    _abandoned[label] = _abandoned.GetValueOrDefault(label) + 1;
                }

                return;
            }

            if (k > 1)
            {
                lock (_afterSignal)
                {
                    _afterSignal.Add((label, (published.Value - accepted).TotalSeconds));
                }
            }
        }
    }

    private async Task<DateTimeOffset?> SendAsync(string account, int k)
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
            // Not acknowledged: no freshness to measure (the first-change kind counts it as missing).
            return null;
        }
    }

    /// <summary>Waits until every first-change probe's signal is published (at most <paramref name="patience"/>) and describes the latencies per label and kind.</summary>
    public async Task<List<string>> ReportAsync(TimeSpan window, TimeSpan patience)
    {
        var deadline = DateTimeOffset.UtcNow + patience;
        Dictionary<string, DateTimeOffset> published;
        while (true)
        {
            published = await FirstChangesPublishedAsync();
            if (published.Count >= _firstChanges.Count || DateTimeOffset.UtcNow >= deadline)
            {
                break;
            }

            await Task.Delay(TimeSpan.FromSeconds(1));
        }

        var target = (window + TimeSpan.FromSeconds(1)).TotalSeconds;
        var lines = new List<string>();
        foreach (var label in _firstChanges.Select(s => s.Label).Concat(_afterSignal.Select(s => s.Label)).Distinct())
        {
            var sent = _firstChanges.Where(s => s.Label == label).ToList();
            var first = sent.Where(s => published.ContainsKey(s.Account)).Select(s => (published[s.Account] - s.Accepted).TotalSeconds).ToList();
            lines.Add(Describe(label, FirstChange, first, target, sent.Count - first.Count > 0 ? $"{sent.Count - first.Count} not published within {patience.TotalSeconds:0} s" : null));
            var paced = _afterSignal.Where(s => s.Label == label).Select(s => s.Seconds).ToList();
            lines.Add(Describe(label, AfterSignal, paced, target, _abandoned.TryGetValue(label, out var n) ? $"{n} still waiting when the phase ended" : null));
        }

        return lines;
    }

    private static string Describe(string label, string kind, List<double> latencies, double target, string? note)
    {
        var suffix = note is null ? "" : $" ({note})";
        if (latencies.Count == 0)
        {
            return $"{label}, {kind}: no probes completed{suffix}";
        }

        latencies.Sort();
        double At(double q) => latencies[Math.Min(latencies.Count - 1, (int)Math.Ceiling(q * latencies.Count) - 1)];
        return $"{label}, {kind}: {latencies.Count} probes{suffix}, acknowledged -> published p50 {At(0.5):0.0} s, p90 {At(0.9):0.0} s, "
               + $"max {latencies[^1]:0.0} s; within window + 1 s ({target:0} s): {latencies.Count(l => l <= target)} of {latencies.Count}";
    }

    private async Task<Dictionary<string, DateTimeOffset>> FirstChangesPublishedAsync()
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "select body->>'accountId', min(dispatched_at) from usage.outbox_messages "
            + "where body->>'accountId' like @prefix and dispatched_at is not null group by 1",
            connection);
        command.Parameters.AddWithValue("prefix", $"probe-{runId}-%");
        var result = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            result[reader.GetString(0)] = reader.GetFieldValue<DateTimeOffset>(1);
        }

        return result;
    }
}
