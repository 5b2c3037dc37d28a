using System.Globalization;

namespace CustomerHealth.Testing;

/// <summary>
/// Files and environment of one local node. Everything the node writes stays in its instance directory,
/// including HOME (so the Erlang cookie the CLI tools need is the node's own).
/// </summary>
internal sealed record LocalRabbitMqLayout(string InstanceDirectory, string NodeName, int Port, int ManagementPort, int DistributionPort)
{
    public string MnesiaBase => Path.Combine(InstanceDirectory, "mnesia");

    public string LogBase => Path.Combine(InstanceDirectory, "log");

    public string Home => Path.Combine(InstanceDirectory, "home");

    public string ConfigFile => Path.Combine(InstanceDirectory, "rabbitmq.conf");

    public string PluginsFile => Path.Combine(InstanceDirectory, "enabled_plugins");

    public string EnvFile => Path.Combine(InstanceDirectory, "rabbitmq-env.conf");

    public static string MnesiaBaseOf(string instanceDirectory) => Path.Combine(instanceDirectory, "mnesia");

    public void WriteFiles()
    {
        foreach (var directory in new[] { MnesiaBase, LogBase, Home })
        {
            Directory.CreateDirectory(directory);
        }

        // The AMQP port is set only through RABBITMQ_NODE_PORT: also setting listeners.tcp.default crashes boot.
        File.WriteAllText(ConfigFile, string.Create(CultureInfo.InvariantCulture, $"""
            management.tcp.port = {ManagementPort}
            management.tcp.ip = 127.0.0.1

            """));
        File.WriteAllText(PluginsFile, "[rabbitmq_management].\n");

        // Empty on purpose: keeps /etc/rabbitmq/rabbitmq-env.conf from changing node name or ports.
        File.WriteAllText(EnvFile, "");
    }

    public IReadOnlyDictionary<string, string> ServerEnvironment() => new Dictionary<string, string>(CliEnvironment())
    {
        ["RABBITMQ_NODE_IP_ADDRESS"] = "127.0.0.1",
        ["RABBITMQ_NODE_PORT"] = Port.ToString(CultureInfo.InvariantCulture),
        ["RABBITMQ_DIST_PORT"] = DistributionPort.ToString(CultureInfo.InvariantCulture),
        ["RABBITMQ_MNESIA_BASE"] = MnesiaBase,
        ["RABBITMQ_LOG_BASE"] = LogBase,
        ["RABBITMQ_CONFIG_FILE"] = ConfigFile,
        ["RABBITMQ_ADVANCED_CONFIG_FILE"] = Path.Combine(InstanceDirectory, "advanced.config"),
        ["RABBITMQ_ENABLED_PLUGINS_FILE"] = PluginsFile,

        // Otherwise the distribution port listens on all interfaces.
        ["RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS"] = "-kernel inet_dist_use_interface {127,0,0,1}",
    };

    /// <summary>
    /// For rabbitmq-diagnostics: same HOME (cookie) and node, but not RABBITMQ_DIST_PORT, from which the CLI derives
    /// its own port range (port + 10000, out of range for high free ports).
    /// </summary>
    public IReadOnlyDictionary<string, string> CliEnvironment() => new Dictionary<string, string>
    {
        ["HOME"] = Home,
        ["RABBITMQ_NODENAME"] = NodeName,
        ["RABBITMQ_CONF_ENV_FILE"] = EnvFile,
    };
}
