using CustomerHealth.Scoring.Accounts;
using Marten.Schema;
using Weasel.Postgresql.Tables;

namespace CustomerHealth.Scoring.Portfolio;

/// <summary>
/// AccountHealth's list columns (duplicated out of the JSON) and their indexes. Every at-risk sort
/// is (column, id) for keyset paging, so its index is exactly that: a page stops after 51 rows
/// instead of sorting every tie (most accounts share a score drop of 0). Band and open-alert get no
/// index: they are not selective, walking a sort index past non-matching rows is cheaper, and every
/// index is paid for on each write. The renewal index carries the totals' columns, so band totals
/// for a renewal window are an index-only scan.
/// </summary>
public static class AtRiskListIndexes
{
    public static void Apply(DocumentMapping health)
    {
        foreach (var member in new[]
                 {
                     nameof(AccountHealth.SortScore), nameof(AccountHealth.ArrMinor), nameof(AccountHealth.RenewalDay), nameof(AccountHealth.ScoreDrop30),
                     nameof(AccountHealth.EffectiveBand), nameof(AccountHealth.HasOpenAlert),
                 })
        {
            health.DuplicateField(member, null!, false);
        }

        foreach (var member in new[] { nameof(AccountHealth.OwnerCsm), nameof(AccountHealth.Segment), nameof(AccountHealth.ParentAccountId) })
        {
            health.AddIndex(health.DuplicateField(member, null!, false).ColumnName);
        }

        foreach (var sort in AtRiskSort.All)
        {
            var index = new IndexDefinition($"{health.TableName.Name}_list_{sort.Column}") { Columns = [sort.Column, "id"] };
            if (sort.Column == "renewal_day")
            {
                index.IncludeColumns = ["effective_band", "arr_minor", "owner_csm", "segment", "has_open_alert"];
            }

            health.Indexes.Add(index);
        }
    }
}
