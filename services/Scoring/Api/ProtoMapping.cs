using CustomerHealth.Common.V1;
using CustomerHealth.Scoring.Accounts;
using CustomerHealth.Scoring.Alerts;
using CustomerHealth.Scoring.Measuring;
using CustomerHealth.Scoring.Scorecards;
using Google.Protobuf.WellKnownTypes;
using V1 = CustomerHealth.Scoring.V1;

namespace CustomerHealth.Scoring.Api;

/// <summary>Read models to gRPC messages, in one place.</summary>
public static class ProtoMapping
{
    private const string RevenuePrefix = "billing/revenue/";

    public static V1.AccountHealth ToMessage(this AccountHealth h)
    {
        var message = new V1.AccountHealth
        {
            AccountId = h.Id,
            Name = h.Name,
            Segment = h.Segment ?? "",
            OwnerCsm = h.OwnerCsm ?? "",
            ParentAccountId = h.ParentAccountId ?? "",
            Mrr = Money(h.MrrMinor, h.Currency),
            Arr = Money(h.ArrMinor, h.Currency),
            Plan = h.Plan,
            RevenueEventCount = h.RevenueEventCount,
            UpdatedAt = Timestamp.FromDateTimeOffset(h.ComputedAt),
            Band = h.Band,
            EffectiveBand = h.EffectiveBand,
            ScorecardVersion = h.ScorecardVersion,
            RenewalDate = h.RenewalDate?.ToString("yyyy-MM-dd") ?? "",
            KnownWeightShare = Math.Round(h.KnownWeightShare, 4),
        };
        if (h.Score is { } score)
        {
            message.Score = score;
        }

        if (h.EffectiveScore is { } effective)
        {
            message.EffectiveScore = effective;
        }

        if (h.Change7Days is { } c7)
        {
            message.Change7Days = c7;
        }

        if (h.Change30Days is { } c30)
        {
            message.Change30Days = c30;
        }

        if (h.Override is { } o)
        {
            message.Override = ToMessage(o);
        }

        if (h.LastRevenue is { } r)
        {
            message.LastRevenueEvent = new V1.RevenueEvent
            {
                EventId = r.SourceId.StartsWith(RevenuePrefix, StringComparison.Ordinal) ? r.SourceId[RevenuePrefix.Length..] : r.SourceId,
                Kind = r.Kind,
                Mrr = Money(r.MrrMinor, r.Currency),
                OccurredAt = Timestamp.FromDateTimeOffset(r.OccurredAt),
                Source = r.Source,
            };
        }

        if (h.LastMovement is { } m)
        {
            message.LastMovement = new V1.ScoreMovement { FromBand = m.FromBand, ToBand = m.ToBand, SourceIds = { m.SourceIds }, At = Timestamp.FromDateTimeOffset(m.At) };
            if (m.FromScore is { } from)
            {
                message.LastMovement.FromScore = from;
            }

            if (m.ToScore is { } to)
            {
                message.LastMovement.ToScore = to;
            }
        }

        message.Measures.AddRange(h.Measures.Select(ToMessage));
        message.OpenAlerts.AddRange(h.OpenAlerts.Select(a => new V1.AlertSummary
        {
            AlertId = a.AlertId, Rule = a.Rule, Status = a.Status, RaisedAt = Timestamp.FromDateTimeOffset(a.RaisedAt),
        }));
        return message;
    }

    public static V1.MeasureExplanation ToMessage(this MeasureScore m)
    {
        var message = new V1.MeasureExplanation
        {
            Key = m.Key,
            Weight = m.Weight,
            EffectiveWeight = Math.Round(m.EffectiveWeight, 4),
            Contribution = Math.Round(m.Contribution, 2),
            Freshness = m.Freshness,
            Detail = m.Detail,
            SourceIds = { m.SourceIds },
            // Documents written before the count existed hold 0; every id they list is behind the value.
            SourceCount = Math.Max(m.SourceCount, m.SourceIds.Count),
        };
        if (m.Value is { } value)
        {
            message.Value = Math.Round(value, 4);
        }

        if (m.SubScore is { } sub)
        {
            message.SubScore = Math.Round(sub, 2);
        }

        if (m.ObservedAt is { } observed)
        {
            message.ObservedAt = Timestamp.FromDateTimeOffset(observed);
        }

        return message;
    }

    public static V1.ScoreOverride ToMessage(this ScoreOverride o)
    {
        var message = new V1.ScoreOverride
        {
            Band = o.Band ?? "", Reason = o.Reason, ExpiresAt = Timestamp.FromDateTimeOffset(o.ExpiresAt), Author = o.Author, SetAt = Timestamp.FromDateTimeOffset(o.At),
        };
        if (o.Score is { } score)
        {
            message.Score = score;
        }

        return message;
    }

    public static V1.ChurnRiskAlert ToMessage(this ChurnRiskAlert a, DateTimeOffset now, string currency = "USD")
    {
        var message = new V1.ChurnRiskAlert
        {
            AlertId = a.Id,
            AccountId = a.AccountId,
            Rule = a.Rule,
            Reason = a.Reason,
            Status = a.StatusAt(now),
            RaisedAt = Timestamp.FromDateTimeOffset(a.RaisedAt),
            Resolution = a.Resolution ?? "",
            Note = a.Note ?? "",
            OwnerCsm = a.OwnerCsm ?? "",
            Segment = a.Segment ?? "",
            Band = a.Band,
            Arr = Money(a.ArrMinor, currency),
        };
        if (a.SnoozedUntil is { } until)
        {
            message.SnoozedUntil = Timestamp.FromDateTimeOffset(until);
        }

        if (a.ResolvedAt is { } resolved)
        {
            message.ResolvedAt = Timestamp.FromDateTimeOffset(resolved);
        }

        message.Transitions.AddRange(a.Transitions.Select(t => new V1.AlertTransition
        {
            Status = t.Status, Author = t.Author, At = Timestamp.FromDateTimeOffset(t.At), Note = t.Note ?? "",
        }));
        return message;
    }

    public static V1.Scorecard ToMessage(this Scorecard s)
    {
        var message = new V1.Scorecard
        {
            Version = s.Version,
            Name = s.Name,
            YellowFrom = s.Bands.YellowFrom,
            GreenFrom = s.Bands.GreenFrom,
            EffectiveFrom = Timestamp.FromDateTimeOffset(s.EffectiveFrom),
            PublishedBy = s.PublishedBy,
        };
        message.Measures.AddRange(s.Measures.Select(m => new V1.ScorecardMeasure
        {
            Key = m.Key, Weight = m.Weight, StaleAfterDays = m.StaleAfterDays,
            Curve = { m.Curve.Select(p => new V1.CurvePoint { Value = p.Value, Score = p.Score }) },
        }));
        message.SegmentWeights.AddRange(s.SegmentWeights.Select(kv => new V1.SegmentWeights { Segment = kv.Key, Weights = { kv.Value.ToDictionary() } }));
        return message;
    }

    public static V1.RescoreProgress ToMessage(this RescoreProgressDocument p)
    {
        var message = new V1.RescoreProgress
        {
            Version = p.Id, AccountsTotal = p.AccountsTotal, AccountsDone = p.AccountsDone, Completed = p.CompletedAt is not null,
            StartedAt = Timestamp.FromDateTimeOffset(p.StartedAt),
        };
        if (p.CompletedAt is { } done)
        {
            message.CompletedAt = Timestamp.FromDateTimeOffset(done);
        }

        return message;
    }

    public static Money Money(long minor, string currency) => new() { AmountMinor = minor, Currency = currency };
}
