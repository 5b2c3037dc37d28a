using Weasel.Postgresql;
using Weasel.Postgresql.Tables;

namespace CustomerHealth.Scoring.Portfolio;

/// <summary>
/// {schema}.portfolio_totals: accounts and ARR per (owner, segment, effective band, open alert),
/// kept in the same transaction as every AccountHealth write. Band totals, the portfolio summary
/// and ARR at risk read a few hundred rows here instead of aggregating every account.
/// </summary>
public static class PortfolioTotalsTable
{
    public const string Name = "portfolio_totals";

    public static Table Define(string schema)
    {
        var table = new Table(new PostgresqlObjectName(schema, Name, SchemaUtils.IdentifierUsage.General));
        table.AddColumn<string>("owner_csm").NotNull().AsPrimaryKey();
        table.AddColumn<string>("segment").NotNull().AsPrimaryKey();
        table.AddColumn<string>("effective_band").NotNull().AsPrimaryKey();
        table.AddColumn<bool>("has_open_alert").NotNull().AsPrimaryKey();
        table.AddColumn<long>("accounts").NotNull();
        table.AddColumn<long>("arr_minor").NotNull();
        return table;
    }
}
