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

    /// <summary>
    /// How often a read starts from the first row instead of just before the last rows read. The
    /// short read skips the index entries of dispatched rows that vacuum has not removed yet (after
    /// a burst, walking them cost ~10 ms per read); the full read catches a row whose transaction
    /// took its id long before it committed.
    /// </summary>
    public TimeSpan FullScanInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How far below the last read's first id the short read starts: rows committed a little out of id order.</summary>
    public long ReadBehindRows { get; set; } = 2_000;

    public TimeSpan RetentionAfterDispatch { get; set; } = TimeSpan.FromDays(1);

    /// <summary>
    /// Publish with RabbitMQ's mandatory flag and keep a message that no queue takes in the outbox
    /// until one does. RabbitMQ drops a message published to an exchange nothing is bound to, which
    /// on a first install (producers up before scoring has declared its queues) loses every event
    /// of those minutes. On for the services whose events scoring consumes; off where nothing in the
    /// system has to receive them (scoring's alerts, for integrations that may not exist).
    /// </summary>
    public bool HoldUntilRouted { get; set; }
}
