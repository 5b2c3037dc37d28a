using System.Diagnostics;

namespace CustomerHealth.Testing.Tests;

public sealed class WatchdogTests
{
    [Theory]
    [InlineData(0, null, "")]
    [InlineData(60, "rabbitmq-server", "epmd")]
    public void Kill_scripts_are_valid_shell(int graceSeconds, string? termCommand, string exceptCommand)
    {
        var script = Watchdog.KillByEnvironment("SOME_VARIABLE", "/tmp/it's here", graceSeconds, termCommand, exceptCommand);

        var check = Process.Start(new ProcessStartInfo("sh") { ArgumentList = { "-n", "-c", script }, RedirectStandardError = true })!;
        var errors = check.StandardError.ReadToEnd();
        check.WaitForExit();

        Assert.True(check.ExitCode == 0, script + Environment.NewLine + errors);
    }
}
