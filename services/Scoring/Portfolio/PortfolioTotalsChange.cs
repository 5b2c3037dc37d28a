using CustomerHealth.Scoring.Accounts;
using Marten;

namespace CustomerHealth.Scoring.Portfolio;

/// <summary>
/// The net change a batch makes to portfolio_totals: each rewritten AccountHealth leaves its old
/// cell and joins its new one. Queued as one upsert in key order, so concurrent batches lock the
/// shared rows in the same order and cannot deadlock; it commits or rolls back with the batch.
/// </summary>
public sealed class PortfolioTotalsChange
{
    private readonly Dictionary<PortfolioCell, (long Accounts, long ArrMinor)> _deltas = [];

    public void Replace(AccountHealth? before, AccountHealth after)
    {
        if (before is not null)
        {
            Add(PortfolioCell.Of(before), -1, -before.ArrMinor);
        }

        Add(PortfolioCell.Of(after), 1, after.ArrMinor);
    }

    public void QueueOn(IDocumentSession session)
    {
        var changed = _deltas.Where(d => d.Value != (0, 0))
            .OrderBy(d => d.Key.OwnerCsm, StringComparer.Ordinal).ThenBy(d => d.Key.Segment, StringComparer.Ordinal)
            .ThenBy(d => d.Key.EffectiveBand, StringComparer.Ordinal).ThenBy(d => d.Key.HasOpenAlert).ToList();
        if (changed.Count == 0)
        {
            return;
        }

        var values = string.Join(", ", changed.Select(_ => "(?, ?, ?, ?, ?::bigint, ?::bigint)"));
        var table = $"{session.DocumentStore.Options.DatabaseSchemaName}.{PortfolioTotalsTable.Name}";
        session.QueueSqlCommand(
            $"insert into {table} as t (owner_csm, segment, effective_band, has_open_alert, accounts, arr_minor) values {values} " +
            "on conflict (owner_csm, segment, effective_band, has_open_alert) do update " +
            "set accounts = t.accounts + excluded.accounts, arr_minor = t.arr_minor + excluded.arr_minor",
            [.. changed.SelectMany(d => new object[] { d.Key.OwnerCsm, d.Key.Segment, d.Key.EffectiveBand, d.Key.HasOpenAlert, d.Value.Accounts, d.Value.ArrMinor })]);
    }

    private void Add(PortfolioCell cell, long accounts, long arrMinor)
    {
        var (a, arr) = _deltas.GetValueOrDefault(cell);
        _deltas[cell] = (a + accounts, arr + arrMinor);
    }
}
