using System.Security.Cryptography;
using System.Text;
using Marten;
using Npgsql;
using NpgsqlTypes;

namespace CustomerHealth.ServiceDefaults.Persistence;

public static class TransactionLocks
{
    /// <summary>
    /// Opens the session's transaction and takes a PostgreSQL advisory lock per key, held until it
    /// commits or rolls back. Writers of the same keys (e.g. one account's ledger) then run one after
    /// another, so what a writer reads is still true when it commits. Locks are taken in one
    /// statement in a fixed order, so two writers never deadlock on them.
    /// </summary>
    public static async Task LockForTransactionAsync(this IDocumentSession session, string scope, IEnumerable<string> keys, CancellationToken ct)
    {
        await session.BeginTransactionAsync(ct);
        var hashes = keys.Distinct(StringComparer.Ordinal).Select(k => KeyOf(scope, k)).Distinct().Order().ToArray();
        if (hashes.Length == 0)
        {
            return;
        }

        var command = new NpgsqlCommand("select pg_advisory_xact_lock(k) from unnest(@keys) as t(k)");
        command.Parameters.Add(new NpgsqlParameter("keys", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { Value = hashes });
        await session.ExecuteAsync(command, ct);
    }

    /// <summary>A stable 64-bit lock key for a scoped name (the same in every process and version).</summary>
    public static long KeyOf(string scope, string key) =>
        BitConverter.ToInt64(SHA256.HashData(Encoding.UTF8.GetBytes(scope + "\u001f" + key)), 0);
}
