using CustomerHealth.Scoring.Accounts;
using CustomerHealth.Scoring.Signals;
using CustomerHealth.Scoring.V1;
using CustomerHealth.ServiceDefaults.Validation;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;

namespace CustomerHealth.Scoring.Api;

public sealed partial class ScoringGrpcService
{
    private const int MaxImportRows = 50_000;
    private const int ImportBatch = 500;

    public override async Task<UpsertAccountResponse> UpsertAccount(UpsertAccountRequest request, ServerCallContext context)
    {
        AccountDirectoryValidation.Validate(request).ThrowIfAny();
        await scoring.ApplyAsync([new DirectoryUpdated(request.AccountId, AccountDirectoryValidation.ToEntry(request, clock.GetUtcNow()))], context.CancellationToken);
        return new UpsertAccountResponse { AccountId = request.AccountId };
    }

    public override async Task<ImportAccountsResponse> ImportAccounts(ImportAccountsRequest request, ServerCallContext context)
    {
        var v = new FieldViolations().OptionalText("updated_by", request.UpdatedBy, MaxAuthorLength);
        if (string.IsNullOrWhiteSpace(request.Csv))
        {
            v.Add("csv", "is required: a header row and one row per account.");
        }

        v.ThrowIfAny();
        var response = new ImportAccountsResponse();
        var accepted = new List<AccountChange>();
        var now = clock.GetUtcNow();
        foreach (var row in AccountCsv.Read(request.Csv, string.IsNullOrWhiteSpace(request.UpdatedBy) ? "csv-import" : request.UpdatedBy))
        {
            if (row.Request is null)
            {
                response.Rejected.Add(new ImportProblem { Line = row.Line, Field = row.Field ?? "", Reason = row.Problem ?? "" });
                continue;
            }

            var problems = AccountDirectoryValidation.Validate(row.Request);
            if (!problems.IsEmpty)
            {
                response.Rejected.AddRange(problems.Items.Select(p => new ImportProblem { Line = row.Line, Field = p.Field, Reason = p.Description }));
                continue;
            }

            accepted.Add(new DirectoryUpdated(row.Request.AccountId, AccountDirectoryValidation.ToEntry(row.Request, now)));
            if (accepted.Count > MaxImportRows)
            {
                throw new RpcException(new Status(StatusCode.ResourceExhausted, $"An import may hold at most {MaxImportRows} accounts."));
            }
        }

        foreach (var chunk in accepted.Chunk(ImportBatch))
        {
            await scoring.ApplyAsync(chunk, context.CancellationToken);
        }

        response.Imported = accepted.Count;
        return response;
    }

    public override async Task<OverrideScoreResponse> OverrideScore(OverrideScoreRequest request, ServerCallContext context)
    {
        var now = clock.GetUtcNow();
        var v = new FieldViolations()
            .RequireId("account_id", request.AccountId)
            .RequireText("reason", request.Reason, 1000)
            .RequireText("author", request.Author, MaxAuthorLength);
        if (request.Band.Length == 0 && !request.HasScore)
        {
            v.Add("band", "give a band (red, yellow, green) or a score.");
        }
        else if (request.Band.Length > 0 && !Scorecards.Band.All.Contains(request.Band))
        {
            v.Add("band", "must be red, yellow or green.");
        }

        if (request.HasScore && request.Score is < 0 or > 100 or double.NaN)
        {
            v.Add("score", "must be between 0 and 100.");
        }

        if (request.ExpiresAt is null)
        {
            v.Add("expires_at", "is required: overrides always end.");
        }
        else if (request.ExpiresAt.ToDateTimeOffset() <= now)
        {
            v.Add("expires_at", "must be in the future.");
        }

        v.ThrowIfAny();
        await HealthOrNotFoundAsync(request.AccountId, context.CancellationToken);
        var set = new ScoreOverridden(request.Band.Length > 0 ? request.Band : null, request.HasScore ? request.Score : null, request.Reason, request.ExpiresAt!.ToDateTimeOffset(), request.Author, now);
        await scoring.ApplyAsync([new OverrideSet(request.AccountId, set)], context.CancellationToken);
        return new OverrideScoreResponse { Health = (await HealthOrNotFoundAsync(request.AccountId, context.CancellationToken)).ToMessage() };
    }

    public override async Task<ClearOverrideResponse> ClearOverride(ClearOverrideRequest request, ServerCallContext context)
    {
        new FieldViolations().RequireId("account_id", request.AccountId).RequireText("author", request.Author, MaxAuthorLength).ThrowIfAny();
        var current = await HealthOrNotFoundAsync(request.AccountId, context.CancellationToken);
        if (current.Override is null)
        {
            throw new RpcException(new Status(StatusCode.FailedPrecondition, $"Account '{request.AccountId}' has no active override."));
        }

        await scoring.ApplyAsync([new OverrideCleared(request.AccountId, new ScoreOverrideCleared(request.Author, clock.GetUtcNow()))], context.CancellationToken);
        return new ClearOverrideResponse { Health = (await HealthOrNotFoundAsync(request.AccountId, context.CancellationToken)).ToMessage() };
    }

    private static Timestamp? ToTimestamp(DateTimeOffset? value) => value is { } v ? Timestamp.FromDateTimeOffset(v) : null;
}
