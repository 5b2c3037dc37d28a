using Weasel.Postgresql;
using Weasel.Postgresql.Tables;

namespace CustomerHealth.Scoring.Portfolio;

/// <summary>
/// Accounts and ARR per portfolio cell, kept in the same transaction as every AccountHealth write,
/// so band totals read a few hundred rows instead of aggregating every account:
/// {schema}.portfolio_totals per (owner, segment, effective band, open alert), and
/// {schema}.portfolio_renewals per (renewal day, segment, effective band, open alert) for the
/// totals of a renewal window.
/// </summary>
public static class PortfolioTotalsTable
{
    public const string Name = "portfolio_totals";

    public const string RenewalsName = "portfolio_renewals";

    public static Table Define(string schema) =>
        Cells(schema, Name, table => table.AddColumn<string>("owner_csm").NotNull().AsPrimaryKey());

    public static Table DefineRenewals(string schema) =>
        Cells(schema, RenewalsName, table => table.AddColumn<int>("renewal_day").NotNull().AsPrimaryKey());

    private static Table Cells(string schema, string name, Action<Table> firstKey)
    {
        var table = new Table(new PostgresqlObjectName(schema, name, SchemaUtils.IdentifierUsage.General));
        firstKey(table);
        table.AddColumn<string>("segment").NotNull().AsPrimaryKey();
        table.AddColumn<string>("effective_band").NotNull().AsPrimaryKey();
        table.AddColumn<bool>("has_open_alert").NotNull().AsPrimaryKey();
        table.AddColumn<long>("accounts").NotNull();
        table.AddColumn<long>("arr_minor").NotNull();
        return table;
    }
}
