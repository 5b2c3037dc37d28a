using CustomerHealth.Scoring.Accounts;
using CustomerHealth.Scoring.V1;
using CustomerHealth.ServiceDefaults.Validation;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;

namespace CustomerHealth.Scoring.Api;

public sealed partial class ScoringGrpcService
{
    public override async Task<GetAccountHealthResponse> GetAccountHealth(GetAccountHealthRequest request, ServerCallContext context)
    {
        RequireAccountId(request.AccountId);
        var ct = context.CancellationToken;
        if (request.AsOf is null)
        {
            return new GetAccountHealthResponse { Health = (await HealthOrNotFoundAsync(request.AccountId, ct)).ToMessage() };
        }

        if (request.AsOf.ToDateTimeOffset() > clock.GetUtcNow())
        {
            throw new FieldViolations().Add("as_of", "must not be in the future.").ToRpcException();
        }

        var then = await new AccountHealthAsOf(query, scorecards).ComputeAsync(request.AccountId, request.AsOf.ToDateTimeOffset(), ct)
            ?? throw AccountNotFound(request.AccountId);
        return new GetAccountHealthResponse { Health = then.ToMessage() };
    }

    public override async Task<GetHealthHistoryResponse> GetHealthHistory(GetHealthHistoryRequest request, ServerCallContext context)
    {
        var now = clock.GetUtcNow();
        var to = request.To?.ToDateTimeOffset() ?? now;
        var from = request.From?.ToDateTimeOffset() ?? to.AddDays(-90);
        var v = new FieldViolations().RequireId("account_id", request.AccountId);
        if (from > to)
        {
            v.Add("from", "must not be after to.");
        }

        if ((to - from).TotalDays > 800)
        {
            v.Add("from", "the range may span at most 800 days.");
        }

        v.ThrowIfAny();
        var history = await new HealthHistory(query, scorecards).ComputeAsync(request.AccountId, from, to > now ? now : to, context.CancellationToken)
            ?? throw AccountNotFound(request.AccountId);
        var response = new GetHealthHistoryResponse { AccountId = request.AccountId };
        response.Daily.AddRange(history.Daily.Select(p =>
        {
            var point = new HealthPoint { Day = p.Day.ToString("yyyy-MM-dd"), Band = p.Health.Band, ScorecardVersion = p.Health.ScorecardVersion };
            if (p.Health.Score is { } s)
            {
                point.Score = s;
            }

            return point;
        }));
        response.Changes.AddRange(history.Changes.Select(c =>
        {
            var change = new HealthChange
            {
                At = Timestamp.FromDateTimeOffset(c.At), FromBand = c.From?.Band ?? Scorecards.Band.Unknown, ToBand = c.To.Band,
                SourceIds = { c.SourceIds }, ScorecardVersion = c.To.ScorecardVersion,
            };
            if (c.From?.Score is { } f)
            {
                change.FromScore = f;
            }

            if (c.To.Score is { } t)
            {
                change.ToScore = t;
            }

            return change;
        }));
        response.Markers.AddRange(history.Markers.Select(m => new HistoryMarker { At = Timestamp.FromDateTimeOffset(m.At), Kind = m.Kind, Detail = m.Detail }));
        return response;
    }

    public override async Task<GetParentHealthResponse> GetParentHealth(GetParentHealthRequest request, ServerCallContext context)
    {
        RequireAccountId(request.AccountId);
        var children = await portfolio.ChildrenAsync(request.AccountId, context.CancellationToken);
        if (children.Count == 0 && await query.LoadAsync<Accounts.AccountHealth>(request.AccountId, context.CancellationToken) is null)
        {
            throw AccountNotFound(request.AccountId);
        }

        var rollUp = ParentRollUp.Of(children);
        var response = new GetParentHealthResponse { AccountId = request.AccountId, Children = children.Count, WorstChildAccountId = rollUp.WorstChildAccountId ?? "" };
        if (rollUp.Mean is { } mean)
        {
            response.Mean = mean;
        }

        if (rollUp.ArrWeightedMean is { } weighted)
        {
            response.ArrWeightedMean = weighted;
        }

        if (rollUp.WorstChild is { } worst)
        {
            response.WorstChild = worst;
        }

        if (rollUp.HealthyShare is { } share)
        {
            response.HealthyShare = share;
        }

        response.ChildHealth.AddRange(children.Select(c => c.ToMessage()));
        return response;
    }
}
