using System.Net.Sockets;
using Npgsql;

namespace CustomerHealth.ServiceDefaults.Resilience;

/// <summary>Tells failures worth retrying later (database or network away) from bugs and bad input.</summary>
public static class TransientFailure
{
    public static bool IsTransient(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case PostgresException pg:
                    // 08: connection exceptions; 57P0x: server shutting down; 40001/40P01: serialization/deadlock.
                    return pg.SqlState.StartsWith("08", StringComparison.Ordinal)
                        || pg.SqlState.StartsWith("57P0", StringComparison.Ordinal)
                        || pg.SqlState is "40001" or "40P01" or "53300";
                case NpgsqlException npgsql when npgsql.IsTransient:
                case NpgsqlException { InnerException: SocketException or IOException or TimeoutException }:
                case SocketException:
                case TimeoutException:
                    return true;
            }
        }

        return false;
    }
}
