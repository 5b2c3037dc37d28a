using System.Diagnostics;
using Microsoft.Extensions.Options;

namespace CustomerHealth.Usage.PublishingSignals;

/// <summary>
/// Every schedule period (1 s) schedules the changes committed since the last run, and every poll
/// interval drains the signals that are due into the outbox, so a change is published at most a window
/// plus a schedule period (plus the drain's own time) after it was committed.
/// </summary>
public sealed partial class SignalPublishing(SignalScheduler scheduler, SignalDrain drain, IOptions<UsageOptions> options, ILogger<SignalPublishing> logger)
    : BackgroundService
{
    private static readonly TimeSpan DrainTurn = TimeSpan.FromSeconds(1);
    private readonly TimeSpan _poll = options.Value.SignalPollInterval;
    private readonly TimeSpan _schedulePeriod = options.Value.SignalSchedulePeriod;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var backoff = TimeSpan.Zero;
        var lastScheduled = 0L;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (lastScheduled == 0 || Stopwatch.GetElapsedTime(lastScheduled) >= _schedulePeriod)
                {
                    lastScheduled = Stopwatch.GetTimestamp();
                    await scheduler.TryScheduleAsync(stoppingToken);
                }

                // A backlog is drained in turns of at most a second, so new changes keep being scheduled.
                var started = Stopwatch.GetTimestamp();
                var drained = 0;
                while ((drained = await drain.DrainOnceAsync(stoppingToken)) > 0 && Stopwatch.GetElapsedTime(started) < DrainTurn)
                {
                }

                backoff = TimeSpan.Zero;
                if (drained == 0)
                {
                    await Task.Delay(_poll, stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                backoff = backoff == TimeSpan.Zero ? TimeSpan.FromMilliseconds(250) : TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, TimeSpan.FromSeconds(5).Ticks));
                LogFailed(ex, backoff.TotalMilliseconds);
                await Task.Delay(backoff, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Publishing usage signals failed; retrying in {BackoffMs} ms")]
    private partial void LogFailed(Exception ex, double backoffMs);
}
