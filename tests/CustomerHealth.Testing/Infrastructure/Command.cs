using System.Diagnostics;
using System.Text;

namespace CustomerHealth.Testing;

/// <summary>Runs a short-lived command to completion and captures its output.</summary>
internal sealed class Command
{
    private readonly string fileName;
    private readonly IReadOnlyList<string> arguments;
    private readonly Dictionary<string, string?> environment = new(StringComparer.Ordinal);
    private string? workingDirectory;

    private Command(string fileName, IReadOnlyList<string> arguments)
    {
        this.fileName = fileName;
        this.arguments = arguments;
    }

    public static Command Of(string fileName, params string[] arguments) => new(fileName, arguments);

    /// <summary>
    /// Runs as <paramref name="user"/> through runuser when given: PostgreSQL's tools refuse to run as root.
    /// </summary>
    public static Command As(string? user, string fileName, params string[] arguments) => user is null
        ? new Command(fileName, arguments)
        : new Command("runuser", ["-u", user, "--", fileName, .. arguments]);

    public Command WithEnvironment(IEnumerable<KeyValuePair<string, string>> variables)
    {
        foreach (var (name, value) in variables)
        {
            environment[name] = value;
        }

        return this;
    }

    public Command InDirectory(string directory)
    {
        workingDirectory = directory;
        return this;
    }

    /// <summary>File name followed by the arguments.</summary>
    public IEnumerable<string> Arguments => arguments.Prepend(fileName);

    public string CommandLine => string.Join(' ', arguments.Prepend(fileName).Select(Quote));

    public async Task<CommandResult> RunAsync(TimeSpan timeout, CancellationToken ct = default)
    {
        var output = new StringBuilder();
        using var process = Start(output);
        using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeoutSource.CancelAfter(timeout);
        try
        {
            await process.WaitForExitAsync(timeoutSource.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            TryKill(process);
            ct.ThrowIfCancellationRequested();
            return Result(-1, output, $"timed out after {timeout.TotalSeconds:0} s");
        }

        process.WaitForExit(); // flushes the asynchronous output readers
        return Result(process.ExitCode, output, null);
    }

    /// <summary>Blocking variant for process-exit handlers, where awaiting is not an option.</summary>
    public CommandResult Run(TimeSpan timeout)
    {
        var output = new StringBuilder();
        using var process = Start(output);
        if (!process.WaitForExit(timeout))
        {
            TryKill(process);
            return Result(-1, output, $"timed out after {timeout.TotalSeconds:0} s");
        }

        process.WaitForExit();
        return Result(process.ExitCode, output, null);
    }

    private Process Start(StringBuilder output)
    {
        var info = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment)
        {
            info.Environment[name] = value;
        }

        if (workingDirectory is not null)
        {
            info.WorkingDirectory = workingDirectory;
        }

        var process = new Process { StartInfo = info };
        DataReceivedEventHandler append = (_, e) =>
        {
            if (e.Data is null)
            {
                return;
            }

            lock (output)
            {
                output.AppendLine(e.Data);
            }
        };
        process.OutputDataReceived += append;
        process.ErrorDataReceived += append;
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            process.Dispose();
            throw new InvalidOperationException($"Could not run `{CommandLine}`: {e.Message}", e);
        }

        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private CommandResult Result(int exitCode, StringBuilder output, string? note)
    {
        lock (output)
        {
            if (note is not null)
            {
                output.AppendLine($"({note})");
            }

            return new CommandResult(CommandLine, exitCode, output.ToString().TrimEnd());
        }
    }

    private static void TryKill(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already exited.
        }
    }

    private static string Quote(string argument) =>
        argument.Length > 0 && !argument.Any(c => char.IsWhiteSpace(c) || c is '"' or '\'') ? argument : $"'{argument}'";
}
