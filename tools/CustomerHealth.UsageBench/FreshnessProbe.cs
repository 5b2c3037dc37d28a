using CustomerHealth.Usage.V1;
using Google.Protobuf.WellKnownTypes;
using Npgsql;

namespace CustomerHealth.UsageBench;

/// <summary>
/// The issue's freshness figure: how long after a live event is acknowledged the account's metrics
/// are published. Every two seconds one event for an account of its own (so that account's first
/// signal is the one carrying it) goes through the gateway; the publication time is the outbox row's
/// dispatched_at (the dispatcher's transaction, just before the broker confirmed it), from the same
/// machine clock. The target is the signal window + 1 s.
/// </summary>
internal sealed class FreshnessProbe(UsageService.UsageServiceClient client, string database, string runId)
{
    private static readonly TimeSpan Spacing = TimeSpan.FromSeconds(2);
    private readonly List<(string Account, string Label, DateTimeOffset Accepted)> _sent = [];
    private int _next;

    public async Task RunAsync(string label, CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            var account = $"probe-{runId}-{_next++:D4}";
            var now = DateTimeOffset.UtcNow;
            var request = new RecordEventBatchRequest();
            request.Events.Add(new UsageEvent
            {
                EventId = account + "-e",
                AccountId = account,
                UserId = "probe-user",
                Feature = "login",
                OccurredAt = Timestamp.FromDateTimeOffset(now),
            });
            try
            {
                await client.RecordEventBatchAsync(request, cancellationToken: CancellationToken.None);
                _sent.Add((account, label, DateTimeOffset.UtcNow));
            }
            catch (Grpc.Core.RpcException)
            {
                // Counted as missing below: a probe that was not acknowledged has no freshness.
            }

            await Task.Delay(Spacing, ct).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
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

        var lines = new List<string>();
        foreach (var group in _sent.GroupBy(s => s.Label))
        {
            var latencies = group.Where(s => published.ContainsKey(s.Account))
                .Select(s => (Written: (published[s.Account].Written - s.Accepted).TotalSeconds, Published: (published[s.Account].Published - s.Accepted).TotalSeconds))
                .OrderBy(l => l.Published)
                .ToList();
            var missing = group.Count() - latencies.Count;
            if (latencies.Count == 0)
            {
                lines.Add($"{group.Key}: {group.Count()} probes, none published within {patience.TotalSeconds:0} s");
                continue;
            }

            double At(double q) => latencies[Math.Min(latencies.Count - 1, (int)Math.Ceiling(q * latencies.Count) - 1)].Published;
            var within = latencies.Count(l => l.Published <= (window + TimeSpan.FromSeconds(1)).TotalSeconds);
            lines.Add($"{group.Key}: {latencies.Count} probes{(missing > 0 ? $" ({missing} not published within {patience.TotalSeconds:0} s)" : "")}, "
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
}
