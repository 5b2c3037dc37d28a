namespace CustomerHealth.ServiceDefaults.Outbox;

public sealed class OutboxOptions
{
    public int BatchSize { get; set; } = 500;

    /// <summary>How long one publish may wait for the broker; MassTransit otherwise waits forever during an outage.</summary>
    public TimeSpan PublishTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Fallback poll, for rows committed by another process.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(500);

    public TimeSpan RetentionAfterDispatch { get; set; } = TimeSpan.FromDays(1);
}
