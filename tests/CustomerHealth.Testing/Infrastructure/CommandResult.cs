namespace CustomerHealth.Testing;

internal sealed record CommandResult(string CommandLine, int ExitCode, string Output)
{
    public bool Succeeded => ExitCode == 0;

    public CommandResult EnsureSucceeded() => Succeeded
        ? this
        : throw new InvalidOperationException($"`{CommandLine}` exited with code {ExitCode}:{Environment.NewLine}{Output}");
}
