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
