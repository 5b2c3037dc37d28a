using CustomerHealth.Scoring.Alerts;
using CustomerHealth.Scoring.Measuring;
using CustomerHealth.Scoring.Scorecards;
using CustomerHealth.Scoring.Signals;
using Marten;

namespace CustomerHealth.Scoring.Accounts;

/// <summary>Daily points and every change of an account's computed health, with what moved it.</summary>
public sealed class HealthHistory(IQuerySession session, ScorecardBook scorecards)
{
    public sealed record Point(DateOnly Day, HealthScore Health);

    public sealed record Change(DateTimeOffset At, HealthScore? From, HealthScore To, IReadOnlyList<string> SourceIds);

    public sealed record Marker(DateTimeOffset At, string Kind, string Detail);

    public sealed record Result(IReadOnlyList<Point> Daily, IReadOnlyList<Change> Changes, IReadOnlyList<Marker> Markers);

    public async Task<Result?> ComputeAsync(string accountId, DateTimeOffset from, DateTimeOffset to, CancellationToken ct)
    {
        var account = await session.LoadAsync<ScoredAccount>(accountId, ct);
        if (account is null)
        {
            return null;
        }

        var versions = await scorecards.VersionsAsync(ct);
        var timeline = new HealthTimeline(account.Facts, versions);
        var daily = new List<Point>();
        for (var day = DateOnly.FromDateTime(from.UtcDateTime); day <= DateOnly.FromDateTime(to.UtcDateTime); day = day.AddDays(1))
        {
            var endOfDay = new DateTimeOffset(day.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero).AddTicks(-1);
            daily.Add(new Point(day, timeline.At(endOfDay < to ? endOfDay : to)));
        }

        var signalsAt = account.Facts.AllSignals().Where(s => s.OccurredAt >= from && s.OccurredAt <= to)
            .GroupBy(s => s.OccurredAt).ToDictionary(g => g.Key, g => g.Select(s => s.SourceId).ToList());
        var points = new SortedSet<DateTimeOffset>(signalsAt.Keys);
        points.UnionWith(AlertTimeline.EvaluationPoints(account.Facts, from, to));
        points.UnionWith(versions.Select(v => v.EffectiveFrom).Where(t => t >= from && t <= to));
        var changes = new List<Change>();
        var previous = timeline.At(from);
        foreach (var at in points)
        {
            var current = timeline.At(at);
            if (current.Score != previous.Score || current.Band != previous.Band)
            {
                changes.Add(new Change(at, previous, current, signalsAt.GetValueOrDefault(at) ?? []));
            }

            previous = current;
        }

        return new Result(daily, changes, await MarkersAsync(account, versions, from, to, ct));
    }

    private async Task<List<Marker>> MarkersAsync(ScoredAccount account, IReadOnlyList<Scorecard> versions, DateTimeOffset from, DateTimeOffset to, CancellationToken ct)
    {
        var markers = versions.Where(v => v.EffectiveFrom >= from && v.EffectiveFrom <= to)
            .Select(v => new Marker(v.EffectiveFrom, "scorecard_version", $"scorecard version {v.Version} ({v.Name}) by {v.PublishedBy}"))
            .ToList();
        markers.AddRange(account.AlertIntervals.Where(i => i.Since >= from && i.Since <= to).Select(i => new Marker(i.Since, "alert_raised", $"{i.Rule}: {i.Reason}")));
        markers.AddRange(account.AlertIntervals.Where(i => i.ClearedAt >= from && i.ClearedAt <= to).Select(i => new Marker(i.ClearedAt!.Value, "alert_cleared", i.Rule)));
        foreach (var e in await session.Events.FetchStreamAsync(account.Id, token: ct))
        {
            switch (e.Data)
            {
                case ScoreOverridden o when o.At >= from && o.At <= to:
                    markers.Add(new Marker(o.At, "override_set", $"{o.Band ?? o.Score?.ToString("0")} by {o.Author} until {o.ExpiresAt:O}: {o.Reason}"));
                    break;
                case ScoreOverrideCleared c when c.At >= from && c.At <= to:
                    markers.Add(new Marker(c.At, "override_cleared", $"by {c.Author}"));
                    break;
            }
        }

        return [.. markers.OrderBy(m => m.At)];
    }
}
