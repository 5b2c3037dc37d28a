using Npgsql;

namespace CustomerHealth.BillingBench;

/// <summary>Rows a service has committed to its outbox but not yet handed to RabbitMQ.</summary>
public static class OutboxProbe
{
    public static async Task<long> PendingAsync(string database, string schema)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"select count(*) from {schema}.outbox_messages where dispatched_at is null", connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    public static async Task<long> CountAsync(string database, string sql)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync());
    }
}
