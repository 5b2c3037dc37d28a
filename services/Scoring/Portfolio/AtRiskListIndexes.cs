using CustomerHealth.Scoring.Accounts;
using Marten.Schema;
using Weasel.Postgresql.Tables;

namespace CustomerHealth.Scoring.Portfolio;

/// <summary>
/// AccountHealth's list columns (duplicated out of the JSON) and their indexes. Every at-risk sort
/// is (column, id) for keyset paging, so its index is exactly that, once for the whole portfolio and
/// once per owner (a CSM's own list is the commonest filter): a page stops after ~51 rows instead of
/// sorting every match or tie (most accounts share a score drop of 0). Band, segment and open alert
/// get no index: they are not selective, walking a sort index past non-matching rows is cheaper, and
/// every index is paid for on each write. The owner's renewal index carries the totals' columns, so
/// an owner's band totals for a renewal window are an index-only scan.
/// </summary>
public static class AtRiskListIndexes
{
    public static void Apply(DocumentMapping health)
    {
        foreach (var member in new[]
                 {
                     nameof(AccountHealth.SortScore), nameof(AccountHealth.ArrMinor), nameof(AccountHealth.RenewalDay), nameof(AccountHealth.ScoreDrop30),
                     nameof(AccountHealth.EffectiveBand), nameof(AccountHealth.HasOpenAlert), nameof(AccountHealth.OwnerCsm), nameof(AccountHealth.Segment),
                 })
        {
            health.DuplicateField(member, null!, false);
        }

        var parent = health.DuplicateField(nameof(AccountHealth.ParentAccountId), null!, false).ColumnName;
        health.Indexes.Add(new IndexDefinition($"{health.TableName.Name}_children") { Columns = [parent], Predicate = $"{parent} is not null" });

        foreach (var sort in AtRiskSort.All)
        {
            health.Indexes.Add(new IndexDefinition($"{health.TableName.Name}_list_{sort.Column}") { Columns = [sort.Column, "id"] });
            var byOwner = new IndexDefinition($"{health.TableName.Name}_owner_{sort.Column}") { Columns = ["owner_csm", sort.Column, "id"] };
            if (sort.Column == "renewal_day")
            {
                byOwner.IncludeColumns = ["effective_band", "arr_minor", "segment", "has_open_alert"];
            }

            health.Indexes.Add(byOwner);
        }
    }
}
