namespace CustomerHealth.Testing;

public sealed record RabbitMqServerOptions
{
    /// <summary>
    /// Directory for the node's files (mnesia, logs, config, Erlang cookie); kept after stop and dispose. Null: a
    /// throwaway directory under <c>$TMPDIR/customerhealth-test</c> that is deleted on dispose. Ignored by Docker.
    /// </summary>
    public string? DataDirectory { get; init; }

    /// <summary>Erlang node name; null makes a unique <c>chtest-&lt;random&gt;@localhost</c>. Keep it fixed to reuse data.</summary>
    public string? NodeName { get; init; }

    /// <summary>AMQP port; null picks a free loopback port.</summary>
    public int? Port { get; init; }

    /// <summary>Management HTTP API port; null picks a free loopback port.</summary>
    public int? ManagementPort { get; init; }

    /// <summary>Erlang distribution port; null picks a free loopback port.</summary>
    public int? DistributionPort { get; init; }

    public ProvisioningMode Provisioning { get; init; } = ProvisioningMode.Auto;

    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromSeconds(120);
}
