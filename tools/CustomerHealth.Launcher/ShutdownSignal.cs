using System.Runtime.InteropServices;

namespace CustomerHealth.Launcher;

/// <summary>
/// Ctrl-C or SIGTERM asks for an orderly stop. A second Ctrl-C is not intercepted, so the process ends at once
/// (the provisioning library's exit handlers and watchdogs still clean up).
/// </summary>
internal sealed class ShutdownSignal : IDisposable
{
    private readonly CancellationTokenSource requested = new();
    private readonly PosixSignalRegistration[] registrations;

    public ShutdownSignal()
    {
        registrations =
        [
            PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal),
            PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal),
        ];
    }

    public CancellationToken Token => requested.Token;

    public Task WaitAsync() => Task.Delay(Timeout.Infinite, requested.Token).ContinueWith(_ => { }, TaskScheduler.Default);

    public void Dispose()
    {
        foreach (var registration in registrations)
        {
            registration.Dispose();
        }

        requested.Dispose();
    }

    private void OnSignal(PosixSignalContext context)
    {
        if (requested.IsCancellationRequested)
        {
            return;
        }

        context.Cancel = true;
        Console.Error.WriteLine($"{Environment.NewLine}{context.Signal} received: stopping (press Ctrl-C again to abort at once).");
        requested.Cancel();
    }
}
