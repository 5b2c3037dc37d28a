namespace CustomerHealth.ServiceDefaults.Persistence;

/// <summary>
/// <see cref="GroupCommit{TItem,TOutcome}"/> over several lanes, each writing one transaction at a
/// time: items go to the lane their key picks, so lanes over disjoint accounts (disjoint account
/// locks) let PostgreSQL work on one transaction while the service builds the next, instead of the
/// two taking turns. A request spanning lanes completes when every lane has committed its part.
/// </summary>
/// <param name="laneKeyOf">A stable number per item (an account's hash or lock stripe); its remainder picks the lane.</param>
public sealed class LanedGroupCommit<TItem, TOutcome>(
    int lanes,
    Func<TItem, int> laneKeyOf,
    Func<IReadOnlyList<TItem>, Task<IReadOnlyList<TOutcome>>> commit,
    int maxItems,
    Func<Exception, bool>? splitOnFailure = null)
{
    private readonly GroupCommit<TItem, TOutcome>[] _lanes =
        [.. Enumerable.Range(0, Math.Max(1, lanes)).Select(_ => new GroupCommit<TItem, TOutcome>(commit, maxItems, splitOnFailure))];

    public async Task<IReadOnlyList<TOutcome>> SubmitAsync(IReadOnlyList<TItem> items, CancellationToken ct)
    {
        var outcomes = new TOutcome[items.Count];
        await Task.WhenAll(items.Select((item, index) => (item, index)).GroupBy(i => LaneOf(i.item)).Select(async lane =>
        {
            var committed = await _lanes[lane.Key].SubmitAsync([.. lane.Select(i => i.item)], ct);
            foreach (var ((_, index), outcome) in lane.Zip(committed))
            {
                outcomes[index] = outcome;
            }
        }));
        return outcomes;
    }

    private int LaneOf(TItem item) => (int)((uint)laneKeyOf(item) % (uint)_lanes.Length);
}
