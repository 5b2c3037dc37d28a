using CustomerHealth.Billing.Reporting;
using Microsoft.Extensions.Options;

namespace CustomerHealth.Billing.Signals;

/// <summary>Runs <see cref="InvoluntaryChurnScan"/> on an interval; several instances are safe (account locks, notices).</summary>
public sealed partial class InvoluntaryChurnWatcher(
    InvoluntaryChurnScan scan, TimeProvider clock, IOptions<BillingOptions> options, ILogger<InvoluntaryChurnWatcher> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var everything = true;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var queued = await scan.RunAsync(clock.GetUtcNow(), everything, stoppingToken);
                everything = false;
                if (queued > 0)
                {
                    LogQueued(queued);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // PostgreSQL away, most likely: the next round tries again, and a full scan is still owed.
                LogScanFailed(ex);
            }

            await Task.Delay(options.Value.InvoluntaryChurnScanInterval, clock, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Queued {Count} involuntary-churn signals")]
    private partial void LogQueued(int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Involuntary-churn scan failed; retrying at the next interval")]
    private partial void LogScanFailed(Exception ex);
}
