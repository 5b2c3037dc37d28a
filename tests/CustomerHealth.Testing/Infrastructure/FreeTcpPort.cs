using System.Net;
using System.Net.Sockets;

namespace CustomerHealth.Testing;

/// <summary>Finds a loopback TCP port that nobody listens on right now.</summary>
public static class FreeTcpPort
{
    /// <summary>
    /// Binds port 0 on 127.0.0.1, reads the port the kernel chose and releases it. Another process may
    /// take it before the caller binds it; callers that start servers retry with a new port.
    /// </summary>
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    /// <summary>
    /// <paramref name="count"/> different free ports: every listener is held until all are chosen, so
    /// the kernel cannot hand the same port out twice (which released one at a time it may).
    /// </summary>
    public static IReadOnlyList<int> NextDistinct(int count)
    {
        var listeners = Enumerable.Range(0, count).Select(_ => new TcpListener(IPAddress.Loopback, 0)).ToList();
        try
        {
            listeners.ForEach(l => l.Start());
            return listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port).ToList();
        }
        finally
        {
            listeners.ForEach(l => l.Stop());
        }
    }

    /// <summary>
    /// Runs <paramref name="start"/>; when a process failed because a chosen port was taken before it
    /// bound it (an outgoing connection of a test running beside), runs <paramref name="reset"/> (stop
    /// what started, choose new ports) and starts again, at most <paramref name="attempts"/> times in all.
    /// </summary>
    public static async Task StartAgainWhenTakenAsync(Func<Task> start, Func<Task> reset, int attempts = 3)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await start();
                return;
            }
            catch (ServiceStartException failure) when (attempt < attempts && WasTaken(failure))
            {
                await reset();
            }
        }
    }

    /// <summary>Whether a server failed to start because its port was taken after it was chosen.</summary>
    public static bool WasTaken(ServiceStartException failure) =>
        failure.RecentOutput.Contains("address already in use", StringComparison.OrdinalIgnoreCase);

    /// <summary>Whether something accepts TCP connections on 127.0.0.1:<paramref name="port"/> right now.</summary>
    public static bool IsOpen(int port)
    {
        try
        {
            using var client = new TcpClient();
            client.Connect(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
