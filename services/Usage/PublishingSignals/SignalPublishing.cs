using Microsoft.Extensions.Options;

namespace CustomerHealth.Usage.PublishingSignals;

/// <summary>Runs the coalescing tick when due and drains pending signals into the outbox.</summary>
public sealed partial class SignalPublishing(SignalTicker ticker, SignalDrain drain, IOptions<UsageOptions> options, TimeProvider clock, ILogger<SignalPublishing> logger)
    : BackgroundService
{
    private readonly TimeSpan _poll = options.Value.SignalPollInterval;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var nextTick = DateTimeOffset.MinValue;
        var backoff = TimeSpan.Zero;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (clock.GetUtcNow() >= nextTick)
                {
                    nextTick = await ticker.TryTickAsync(stoppingToken);
                }

                while (await drain.DrainOnceAsync(stoppingToken) > 0 && clock.GetUtcNow() < nextTick)
                {
                }

                backoff = TimeSpan.Zero;
                await Task.Delay(_poll, stoppingToken);
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
