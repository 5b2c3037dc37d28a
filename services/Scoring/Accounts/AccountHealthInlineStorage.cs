using Marten;
using Npgsql;

namespace CustomerHealth.Scoring.Accounts;

/// <summary>
/// Keeps AccountHealth documents compressed inside the table row (column storage MAIN) instead of in
/// the TOAST table. A document compresses to just over PostgreSQL's 2 KB out-of-line threshold, so
/// by default every score change wrote its chunks to TOAST and its TOAST index, and every list page
/// read them back from there. PostgreSQL 15 cannot declare storage in CREATE TABLE, and Marten owns
/// the table, so it is set once at startup; rows are moved inline as they are next written.
/// </summary>
public sealed partial class AccountHealthInlineStorage(IDocumentStore store, NpgsqlDataSource dataSource, ILogger<AccountHealthInlineStorage> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await ApplyAsync(store.Options.DatabaseSchemaName, dataSource, stoppingToken);
                return;
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                LogFailed(ex);
                await Task.Delay(TimeSpan.FromSeconds(2), stoppingToken);
            }
        }
    }

    /// <summary>True when the storage was changed (false when it already was MAIN).</summary>
    public static async Task<bool> ApplyAsync(string schema, NpgsqlDataSource dataSource, CancellationToken ct)
    {
        var table = $"{schema}.mt_doc_accounthealth";
        await using (var check = dataSource.CreateCommand(
                         $"select attstorage = 'm' from pg_attribute where attrelid = '{table}'::regclass and attname = 'data'"))
        {
            if ((bool)(await check.ExecuteScalarAsync(ct))!)
            {
                return false;
            }
        }

        await using var alter = dataSource.CreateCommand($"alter table {table} alter column data set storage main");
        await alter.ExecuteNonQueryAsync(ct);
        return true;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Setting AccountHealth's inline storage failed; retrying")]
    private partial void LogFailed(Exception ex);
}
