namespace CustomerHealth.Testing;

public sealed record PostgresServerOptions
{
    /// <summary>
    /// Directory for the server's files (data in <c>data/</c>, log, socket); kept after stop and dispose. Null: a
    /// throwaway directory under <c>$TMPDIR/customerhealth-test</c> that is deleted on dispose. Ignored by Docker.
    /// </summary>
    public string? DataDirectory { get; init; }

    /// <summary>Fixed port; null picks a free loopback port.</summary>
    public int? Port { get; init; }

    /// <summary>Off by default: tests do not need crash safety and run noticeably faster without it.</summary>
    public bool Fsync { get; init; }

    public int MaxConnections { get; init; } = 300;

    public ProvisioningMode Provisioning { get; init; } = ProvisioningMode.Auto;

    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromSeconds(90);
}
