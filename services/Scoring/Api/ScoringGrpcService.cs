using CustomerHealth.Scoring.Accounts;
using CustomerHealth.Scoring.V1;
using CustomerHealth.ServiceDefaults.Validation;
using Grpc.Core;
using Marten;

namespace CustomerHealth.Scoring.Api;

/// <summary>customerhealth.scoring.v1.ScoringService; one partial file per area, each delegating to its slice.</summary>
public sealed partial class ScoringGrpcService(
    IQuerySession query,
    AccountScoring scoring,
    Scorecards.ScorecardBook scorecards,
    Scorecards.ScorecardPublishing publishing,
    Portfolio.PortfolioQueries portfolio,
    Alerts.AlertFeed alertFeed,
    Explaining.SourceDetails sources,
    TimeProvider clock) : ScoringService.ScoringServiceBase
{
    private const int MaxAuthorLength = 100;

    private static RpcException AccountNotFound(string accountId) =>
        new(new Status(StatusCode.NotFound, $"Account '{accountId}' is unknown to scoring: no signal or directory entry has arrived for it."));

    private async Task<Accounts.AccountHealth> HealthOrNotFoundAsync(string accountId, CancellationToken ct) =>
        (await query.LoadAsync<Accounts.AccountHealth>(accountId, ct) ?? throw AccountNotFound(accountId)).AsSeenAt(clock.GetUtcNow());

    private static void RequireAccountId(string accountId) => new FieldViolations().RequireId("account_id", accountId).ThrowIfAny();
}
