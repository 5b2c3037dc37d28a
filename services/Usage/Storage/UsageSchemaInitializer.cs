using Microsoft.Extensions.Options;
using Npgsql;

namespace CustomerHealth.Usage.Storage;

/// <summary>Creates the usage tables and today's partitions before the service takes traffic.</summary>
internal sealed class UsageSchemaInitializer(NpgsqlDataSource dataSource, UsagePartitions partitions, TimeProvider clock) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await UsageSchema.EnsureAsync(dataSource, cancellationToken);
        var today = UtcDay.Of(clock.GetUtcNow());
        await partitions.EnsureDaysAsync([today, today.AddDays(1)], cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
