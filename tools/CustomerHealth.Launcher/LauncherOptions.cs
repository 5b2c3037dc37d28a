namespace CustomerHealth.Launcher;

internal sealed record LauncherOptions(bool Install, bool NoBuild, string Configuration)
{
    public const string Usage = """
        Runs CustomerHealth locally: PostgreSQL and RabbitMQ (data kept in .run/), the four services and the gateway.

        Usage: dotnet run --project tools/CustomerHealth.Launcher [run] [options]

          --install              apt-get install missing postgresql-15 / rabbitmq-server (automatic when root)
          --no-build             do not build the solution first
          -c, --configuration C  build and run configuration C (default: Debug)
          -h, --help             show this help
        """;

    /// <summary>Null when the arguments are not understood or help was asked for.</summary>
    public static LauncherOptions? Parse(IReadOnlyList<string> args)
    {
        var options = new LauncherOptions(Install: false, NoBuild: false, Configuration: "Debug");
        for (var i = 0; i < args.Count; i++)
        {
            switch (args[i])
            {
                case "run" when i == 0:
                    break;
                case "--install":
                    options = options with { Install = true };
                    break;
                case "--no-build":
                    options = options with { NoBuild = true };
                    break;
                case "-c" or "--configuration" when i + 1 < args.Count:
                    options = options with { Configuration = args[++i] };
                    break;
                default:
                    return null;
            }
        }

        return options;
    }
}
