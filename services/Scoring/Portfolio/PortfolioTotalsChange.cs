using CustomerHealth.Scoring.Accounts;
using Marten;

namespace CustomerHealth.Scoring.Portfolio;

/// <summary>
/// The net change a batch makes to the portfolio totals: each rewritten AccountHealth (as <see cref="ShownHealth"/>) leaves its old
/// cells and joins its new ones. Queued as one upsert per table in key order, so concurrent batches
/// lock the shared rows in the same order and cannot deadlock; it commits or rolls back with the batch.
/// </summary>
public sealed class PortfolioTotalsChange
{
    private readonly Dictionary<PortfolioCell, (long Accounts, long ArrMinor)> _deltas = [];

    public void Replace(ShownHealth? before, ShownHealth after)
    {
        if (before is not null)
        {
            Add(PortfolioCell.Of(before), -1, -before.ArrMinor);
        }

        Add(PortfolioCell.Of(after), 1, after.ArrMinor);
    }

    public void QueueOn(IDocumentSession session)
    {
        var schema = session.DocumentStore.Options.DatabaseSchemaName;
        var changed = _deltas.Where(d => d.Value != (0, 0)).ToList();
        Queue(session, $"{schema}.{PortfolioTotalsTable.Name}", "owner_csm", changed
            .GroupBy(d => (d.Key.OwnerCsm, d.Key.Segment, d.Key.EffectiveBand, d.Key.HasOpenAlert))
            .Select(g => ((object)g.Key.OwnerCsm, g.Key.Segment, g.Key.EffectiveBand, g.Key.HasOpenAlert, g.Sum(d => d.Value.Accounts), g.Sum(d => d.Value.ArrMinor))));
        Queue(session, $"{schema}.{PortfolioTotalsTable.RenewalsName}", "renewal_day", changed
            .GroupBy(d => (d.Key.RenewalDay, d.Key.Segment, d.Key.EffectiveBand, d.Key.HasOpenAlert))
            .Select(g => ((object)g.Key.RenewalDay, g.Key.Segment, g.Key.EffectiveBand, g.Key.HasOpenAlert, g.Sum(d => d.Value.Accounts), g.Sum(d => d.Value.ArrMinor))));
    }

    private static void Queue(
        IDocumentSession session, string table, string firstKey, IEnumerable<(object First, string Segment, string Band, bool Alert, long Accounts, long ArrMinor)> cells)
    {
        var rows = cells.Where(c => (c.Accounts, c.ArrMinor) != (0, 0))
            .OrderBy(c => c.First).ThenBy(c => c.Segment, StringComparer.Ordinal).ThenBy(c => c.Band, StringComparer.Ordinal).ThenBy(c => c.Alert).ToList();
        if (rows.Count == 0)
        {
            return;
        }

        var values = string.Join(", ", rows.Select(_ => "(?, ?, ?, ?, ?::bigint, ?::bigint)"));
        session.QueueSqlCommand(
            $"insert into {table} as t ({firstKey}, segment, effective_band, has_open_alert, accounts, arr_minor) values {values} " +
            $"on conflict ({firstKey}, segment, effective_band, has_open_alert) do update " +
            "set accounts = t.accounts + excluded.accounts, arr_minor = t.arr_minor + excluded.arr_minor",
            [.. rows.SelectMany(c => new[] { c.First, c.Segment, c.Band, c.Alert, c.Accounts, c.ArrMinor })]);
    }

    private void Add(PortfolioCell cell, long accounts, long arrMinor)
    {
        var (a, arr) = _deltas.GetValueOrDefault(cell);
        _deltas[cell] = (a + accounts, arr + arrMinor);
    }
}
