namespace CustomerHealth.Testing;

/// <summary>
/// Last-resort clean-up: whatever is still registered when the process exits (normally, on SIGTERM, or
/// through an unhandled exception) is stopped, newest first. A SIGKILLed test run is handled instead
/// by <see cref="StaleInstanceSweeper"/> on the next run.
/// </summary>
internal static class ExitCleanup
{
    private static readonly Lock Gate = new();
    private static readonly List<Registration> Registrations = [];
    private static bool hooked;

    public static IDisposable Register(string description, Action cleanup)
    {
        var registration = new Registration(description, cleanup);
        lock (Gate)
        {
            if (!hooked)
            {
                AppDomain.CurrentDomain.ProcessExit += (_, _) => RunAll();
                AppDomain.CurrentDomain.UnhandledException += (_, _) => RunAll();
                hooked = true;
            }

            Registrations.Add(registration);
        }

        return registration;
    }

    private static void RunAll()
    {
        Registration[] pending;
        lock (Gate)
        {
            pending = [.. Registrations];
            Registrations.Clear();
        }

        foreach (var registration in pending.Reverse())
        {
            try
            {
                registration.Cleanup();
            }
            catch (Exception e)
            {
                Console.Error.WriteLine($"CustomerHealth.Testing: clean-up of {registration.Description} failed: {e.Message}");
            }
        }
    }

    private sealed record Registration(string Description, Action Cleanup) : IDisposable
    {
        public void Dispose()
        {
            lock (Gate)
            {
                Registrations.Remove(this);
            }
        }
    }
}
