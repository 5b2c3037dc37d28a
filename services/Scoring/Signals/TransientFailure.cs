using Marten.Exceptions;
using Npgsql;

namespace CustomerHealth.Scoring.Signals;

/// <summary>Failures that say nothing about the changes being written, only about the moment.</summary>
public static class TransientFailure
{
    public static bool Is(Exception ex)
    {
        for (var e = (Exception?)ex; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                // Another instance started the account's stream first: a retry appends to it.
                case TimeoutException or JasperFx.ConcurrencyException or ConcurrentUpdateException or ExistingStreamIdCollisionException:
                case NpgsqlException { IsTransient: true }:
                // Connection lost, serialization failure or deadlock, too many connections, server shutting down.
                case PostgresException { SqlState: var state } when state.StartsWith("08", StringComparison.Ordinal) || state.StartsWith("40", StringComparison.Ordinal)
                                                                      || state.StartsWith("53", StringComparison.Ordinal) || state.StartsWith("57P", StringComparison.Ordinal):
                    return true;
            }
        }

        return false;
    }
}
