using Grpc.Core;
using Npgsql;

namespace CustomerHealth.Usage.ReadingUsage;

/// <summary>Whether usage knows an account at all: NOT_FOUND rather than a page of zeros for a typo.</summary>
public sealed class AccountDirectory(NpgsqlDataSource dataSource)
{
    public async Task EnsureKnownAsync(string accountId, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand("select exists (select 1 from usage.daily_features where account_id = $1)");
        command.Parameters.Add(new NpgsqlParameter { Value = accountId });
        if (!(bool)(await command.ExecuteScalarAsync(ct))!)
        {
            throw new RpcException(new Status(StatusCode.NotFound, $"No usage recorded for account '{accountId}' within the retention period."));
        }
    }
}
