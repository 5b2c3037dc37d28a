using Marten;
using Npgsql;

namespace CustomerHealth.Scoring.Portfolio;

/// <summary>
/// Rebuilds portfolio_totals from AccountHealth when the two disagree: on a first start over an
/// existing database, or after an offline rebuild that wrote AccountHealth directly. Checked once
/// at startup; both counts are read in one statement, so a concurrent writer cannot fake a drift.
/// </summary>
public sealed partial class PortfolioTotalsRepair(IDocumentStore store, NpgsqlDataSource dataSource, ILogger<PortfolioTotalsRepair> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await RepairAsync(store.Options.DatabaseSchemaName, dataSource, stoppingToken);
                return;
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                LogRepairFailed(ex);
                await Task.Delay(TimeSpan.FromSeconds(2), stoppingToken);
            }
        }
    }

    /// <summary>True when the totals had drifted and were rebuilt.</summary>
    public static async Task<bool> RepairAsync(string schema, NpgsqlDataSource dataSource, CancellationToken ct)
    {
        var totals = $"{schema}.{PortfolioTotalsTable.Name}";
        var renewals = $"{schema}.{PortfolioTotalsTable.RenewalsName}";
        var health = $"{schema}.mt_doc_accounthealth";
        var check = $"select (select row(count(*)::numeric, coalesce(sum(arr_minor), 0)::numeric) from {health}) " +
                    $"= all(array[(select row(coalesce(sum(accounts), 0)::numeric, coalesce(sum(arr_minor), 0)::numeric) from {totals}), " +
                    $"(select row(coalesce(sum(accounts), 0)::numeric, coalesce(sum(arr_minor), 0)::numeric) from {renewals})])";
        await using (var command = dataSource.CreateCommand(check))
        {
            if ((bool)(await command.ExecuteScalarAsync(ct))!)
            {
                return false;
            }
        }

        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        // Writers wait for the rebuild; the rebuild waits for writers in flight, whose rows it then sees.
        await using (var rebuild = new NpgsqlCommand(
            $"lock table {totals}, {renewals} in exclusive mode; delete from {totals}; delete from {renewals}; " +
            $"insert into {totals} (owner_csm, segment, effective_band, has_open_alert, accounts, arr_minor) " +
            $"select coalesce(owner_csm, ''), coalesce(segment, ''), effective_band, has_open_alert, count(*), coalesce(sum(arr_minor), 0) from {health} group by 1, 2, 3, 4; " +
            $"insert into {renewals} (renewal_day, segment, effective_band, has_open_alert, accounts, arr_minor) " +
            $"select renewal_day, coalesce(segment, ''), effective_band, has_open_alert, count(*), coalesce(sum(arr_minor), 0) from {health} group by 1, 2, 3, 4",
            connection,
            transaction))
        {
            await rebuild.ExecuteNonQueryAsync(ct);
        }

        await transaction.CommitAsync(ct);
        return true;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Checking portfolio totals failed; retrying")]
    private partial void LogRepairFailed(Exception ex);
}
