namespace CustomerHealth.Usage.Retention;

/// <summary>Runs the retention job at start and then hourly (cheap when there is nothing to drop).</summary>
public sealed partial class RetentionSchedule(RetentionJob job, ILogger<RetentionSchedule> logger) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromHours(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var dropped = await job.RunAsync(stoppingToken);
                if (dropped.Count > 0)
                {
                    LogDropped(dropped.Count, string.Join(", ", dropped));
                }

                await Task.Delay(Interval, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                LogFailed(ex);
                await Task.Delay(TimeSpan.FromMinutes(1), stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Dropped {Count} usage partitions past retention: {Tables}")]
    private partial void LogDropped(int count, string tables);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Usage retention run failed; retrying in a minute")]
    private partial void LogFailed(Exception ex);
}
