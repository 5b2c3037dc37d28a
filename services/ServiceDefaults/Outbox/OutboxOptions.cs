namespace CustomerHealth.ServiceDefaults.Outbox;

public sealed class OutboxOptions
{
    public int BatchSize { get; set; } = 500;

    /// <summary>How long one publish may wait for the broker; MassTransit otherwise waits forever during an outage.</summary>
    public TimeSpan PublishTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Fallback poll, for rows committed by another process.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// The least time between two reads of the outbox: commits arriving faster than this are
    /// collected into one read instead of one read each (at high rates that read was most of the cost).
    /// </summary>
    public TimeSpan MinPollSpacing { get; set; } = TimeSpan.FromMilliseconds(20);

    public TimeSpan RetentionAfterDispatch { get; set; } = TimeSpan.FromDays(1);
}
