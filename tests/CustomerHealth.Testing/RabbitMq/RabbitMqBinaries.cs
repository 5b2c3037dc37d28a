namespace CustomerHealth.Testing;

/// <summary>
/// The Debian package's scripts. The /usr/sbin wrappers switch to the rabbitmq user and log to /var/log,
/// so the ones under /usr/lib/rabbitmq/bin are used directly.
/// </summary>
internal static class RabbitMqBinaries
{
    public const string Directory = "/usr/lib/rabbitmq/bin";

    public static string Server => Path.Combine(Directory, "rabbitmq-server");

    public static string Diagnostics => Path.Combine(Directory, "rabbitmq-diagnostics");

    public static bool ArePresent => File.Exists(Server) && File.Exists(Diagnostics);
}
