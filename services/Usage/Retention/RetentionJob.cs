using CustomerHealth.Usage.Storage;
using Microsoft.Extensions.Options;

namespace CustomerHealth.Usage.Retention;

/// <summary>
/// Keeps the day partitions in step with the calendar: today's and tomorrow's exist before traffic
/// needs them, and whatever lies wholly before the retention period is dropped (whole partitions;
/// aggregate rows of the straddling month are deleted).
/// </summary>
public sealed class RetentionJob(UsagePartitions partitions, IOptions<UsageOptions> options, TimeProvider clock)
{
    private readonly int _retentionDays = options.Value.RetentionDays;

    /// <summary>The first day kept: events of earlier days are older than the retention period everywhere in the day.</summary>
    public DateOnly Cutoff(DateTimeOffset now) => UtcDay.Of(now.AddDays(-_retentionDays));

    public async Task<IReadOnlyList<string>> RunAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var today = UtcDay.Of(now);
        await partitions.EnsureDaysAsync([today, today.AddDays(1)], ct);
        return await partitions.DropBeforeAsync(Cutoff(now), ct);
    }
}
