using CustomerHealth.Common.V1;
using CustomerHealth.Scoring.V1;
using CustomerHealth.ServiceDefaults.Validation;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Marten;

namespace CustomerHealth.Scoring.ReadingHealth;

public sealed class ScoringGrpcService(IQuerySession session) : ScoringService.ScoringServiceBase
{
    public override async Task<GetAccountHealthResponse> GetAccountHealth(GetAccountHealthRequest request, ServerCallContext context)
    {
        new FieldViolations().RequireId("account_id", request.AccountId).ThrowIfAny();
        var health = await session.LoadAsync<AccountHealth>(request.AccountId, context.CancellationToken)
            ?? throw new RpcException(new Status(StatusCode.NotFound, $"Account '{request.AccountId}' has no health yet: scoring has received no signal for it."));
        return new GetAccountHealthResponse { Health = ToMessage(health) };
    }

    private static V1.AccountHealth ToMessage(AccountHealth health)
    {
        var message = new V1.AccountHealth
        {
            AccountId = health.Id,
            Mrr = new Money { AmountMinor = health.MrrMinor, Currency = health.Currency },
            Arr = new Money { AmountMinor = health.ArrMinor, Currency = health.Currency },
            Plan = health.Plan,
            RevenueEventCount = health.RevenueEventCount,
            UpdatedAt = Timestamp.FromDateTimeOffset(health.UpdatedAt),
        };
        if (health.LastRevenueEvent is { } last)
        {
            message.LastRevenueEvent = new RevenueEvent
            {
                EventId = last.EventId,
                Kind = last.Kind,
                Mrr = new Money { AmountMinor = last.MrrMinor, Currency = last.Currency },
                OccurredAt = Timestamp.FromDateTimeOffset(last.OccurredAt),
                Source = last.Source,
            };
        }

        return message;
    }
}
