using CustomerHealth.Scoring.V1;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;
using static CustomerHealth.Scoring.Tests.Signals.Contracts;

namespace CustomerHealth.Scoring.Tests.Accounts;

public class OverrideAndDirectoryTests(ScoringApp app) : IClassFixture<ScoringApp>
{
    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;

    [Fact]
    public async Task An_override_shows_beside_the_computed_score_is_audited_and_ends_at_its_expiry()
    {
        var account = NewAccount();
        await app.PublishAsync(Revenue(account, 300_00, Now.AddDays(-120)), Revenue(account, 100_00, Now.AddDays(-2)));
        var computed = await app.WaitForHealthAsync(account, h => h.RevenueEventCount == 2);
        var expires = DateTimeOffset.UtcNow.AddSeconds(2);

        var overridden = (await app.Grpc.OverrideScoreAsync(new OverrideScoreRequest
        {
            AccountId = account, Score = 90, Reason = "Renewal signed verbally", Author = "dana", ExpiresAt = Timestamp.FromDateTimeOffset(expires),
        })).Health;
        while (DateTimeOffset.UtcNow <= expires)
        {
            await Task.Delay(200);
        }

        var afterExpiry = (await app.Grpc.GetAccountHealthAsync(new GetAccountHealthRequest { AccountId = account })).Health;
        Assert.Equal(90, overridden.EffectiveScore);
        Assert.Equal("green", overridden.EffectiveBand);
        Assert.Equal(computed.Score, overridden.Score);
        Assert.Equal("dana", overridden.Override.Author);
        Assert.Null(afterExpiry.Override);
        Assert.Equal(computed.Score, afterExpiry.EffectiveScore);
        var history = await app.Grpc.GetHealthHistoryAsync(new GetHealthHistoryRequest { AccountId = account, From = Timestamp.FromDateTimeOffset(Now.AddDays(-1)) });
        Assert.Contains(history.Markers, m => m.Kind == "override_set" && m.Detail.Contains("dana"));
    }

    [Fact]
    public async Task Clearing_an_override_returns_to_the_computed_band_and_clearing_none_is_FAILED_PRECONDITION()
    {
        var account = NewAccount();
        await app.PublishAsync(Revenue(account, 300_00, Now.AddDays(-1)));
        await app.WaitForSignalsAsync(account, 1);
        await app.Grpc.OverrideScoreAsync(new OverrideScoreRequest { AccountId = account, Band = "red", Reason = "Champion left", Author = "dana", ExpiresAt = Timestamp.FromDateTimeOffset(Now.AddDays(30)) });

        var cleared = (await app.Grpc.ClearOverrideAsync(new ClearOverrideRequest { AccountId = account, Author = "lee" })).Health;
        var again = await Assert.ThrowsAsync<RpcException>(() => app.Grpc.ClearOverrideAsync(new ClearOverrideRequest { AccountId = account, Author = "lee" }).ResponseAsync);

        Assert.Null(cleared.Override);
        Assert.Equal(cleared.Band, cleared.EffectiveBand);
        Assert.Equal(StatusCode.FailedPrecondition, again.StatusCode);
    }

    [Fact]
    public async Task Bad_overrides_name_their_fields()
    {
        var ex = await Assert.ThrowsAsync<RpcException>(() => app.Grpc.OverrideScoreAsync(new OverrideScoreRequest
        {
            AccountId = "x", Band = "purple", Score = 120, Author = "", ExpiresAt = Timestamp.FromDateTimeOffset(Now.AddDays(-1)),
        }).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, ex.StatusCode);
        Assert.Equal(["author", "band", "expires_at", "reason", "score"], ex.GetRpcStatus()!.GetDetail<BadRequest>().FieldViolations.Select(v => v.Field).Order().ToArray());
    }

    [Fact]
    public async Task The_directory_feeds_health_and_a_CSV_import_reports_bad_rows_by_line()
    {
        var parent = NewAccount();
        var eu = NewAccount();
        var us = NewAccount();
        var csv = $"""
            account_id,name,segment,owner_csm,licensed_seats,renewal_date,parent_account_id
            {parent},"Globex, Inc.",enterprise,dana,,2027-03-01,
            {eu},Globex EU,enterprise,dana,50,2027-03-01,{parent}
            {us},Globex US,enterprise,lee,80,not-a-date,{parent}
            {us}-2,Globex US 2,enterprise,lee,many,,
            """;

        var imported = await app.Grpc.ImportAccountsAsync(new ImportAccountsRequest { Csv = csv, UpdatedBy = "crm-sync" });

        Assert.Equal(2, imported.Imported);
        Assert.Equal([(4, "renewal_date"), (5, "licensed_seats")], imported.Rejected.Select(r => (r.Line, r.Field)).ToArray());
        await app.PublishAsync(UsageOn(eu, Now.AddHours(-2)), Revenue(eu, 1_000_00, Now.AddDays(-1)));
        await app.WaitForSignalsAsync(eu, 2);
        var child = (await app.Grpc.GetAccountHealthAsync(new GetAccountHealthRequest { AccountId = eu })).Health;
        Assert.Equal("Globex EU", child.Name);
        Assert.Equal(parent, child.ParentAccountId);
        Assert.Equal("dana", child.OwnerCsm);
        Assert.Equal(0.8, child.Measures.Single(m => m.Key == "seat_utilisation").Value);
        Assert.Equal("Globex, Inc.", (await app.Grpc.GetAccountHealthAsync(new GetAccountHealthRequest { AccountId = parent })).Health.Name);

        var rollUp = await app.Grpc.GetParentHealthAsync(new GetParentHealthRequest { AccountId = parent });
        Assert.Equal(1, rollUp.Children);
        Assert.Equal(child.EffectiveScore, rollUp.Mean);
        Assert.Equal(eu, rollUp.WorstChildAccountId);
    }

    [Theory]
    [InlineData("account_id", "", "Acme", "")]
    [InlineData("name", "acct-1", "", "")]
    [InlineData("renewal_date", "acct-1", "Acme", "01/02/2027")]
    public async Task A_bad_directory_entry_is_INVALID_ARGUMENT_naming_the_field(string field, string accountId, string name, string renewal)
    {
        var ex = await Assert.ThrowsAsync<RpcException>(() => app.Grpc.UpsertAccountAsync(new UpsertAccountRequest { AccountId = accountId, Name = name, RenewalDate = renewal }).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, ex.StatusCode);
        Assert.Contains(ex.GetRpcStatus()!.GetDetail<BadRequest>().FieldViolations, v => v.Field == field);
    }

    [Fact]
    public async Task Asking_for_health_in_the_future_or_of_an_unknown_account_is_refused()
    {
        var future = await Assert.ThrowsAsync<RpcException>(() => app.Grpc.GetAccountHealthAsync(new GetAccountHealthRequest { AccountId = "a", AsOf = Timestamp.FromDateTimeOffset(Now.AddDays(1)) }).ResponseAsync);
        var unknown = await Assert.ThrowsAsync<RpcException>(() => app.Grpc.GetHealthHistoryAsync(new GetHealthHistoryRequest { AccountId = NewAccount() }).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, future.StatusCode);
        Assert.Equal(StatusCode.NotFound, unknown.StatusCode);
    }
}
