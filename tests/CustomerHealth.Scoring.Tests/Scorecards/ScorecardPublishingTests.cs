using CustomerHealth.Scoring.Api;
using CustomerHealth.Scoring.Scorecards;
using CustomerHealth.Scoring.V1;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;
using static CustomerHealth.Scoring.Tests.Signals.Contracts;

namespace CustomerHealth.Scoring.Tests.Scorecards;

/// <summary>Publishing a scorecard version rescoring every account, with overrides surviving.</summary>
public class ScorecardPublishingTests(ScoringApp app) : IClassFixture<ScoringApp>
{
    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;

    [Fact]
    public async Task An_invalid_scorecard_is_INVALID_ARGUMENT_with_every_field_path()
    {
        var scorecard = ScorecardBook.Default().ToMessage();
        scorecard.Measures[0].Weight = -1;
        scorecard.Measures[2].Curve[1].Value = scorecard.Measures[2].Curve[0].Value - 1;
        scorecard.GreenFrom = 40;

        var ex = await Assert.ThrowsAsync<RpcException>(() => app.Grpc.PublishScorecardAsync(new PublishScorecardRequest { Scorecard = scorecard, Author = "ops" }).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, ex.StatusCode);
        Assert.Equal(
            ["scorecard.measures[0].weight", "scorecard.measures[2].curve[1].value", "scorecard.yellow_from"],
            ex.GetRpcStatus()!.GetDetail<BadRequest>().FieldViolations.Select(v => v.Field).Order().ToArray());
    }

    [Fact]
    public async Task A_new_version_rescores_every_account_keeps_overrides_and_marks_the_history()
    {
        var accounts = Enumerable.Range(0, 3).Select(_ => NewAccount()).ToList();
        foreach (var account in accounts)
        {
            await app.PublishAsync(Revenue(account, 500_00, Now.AddDays(-120)), Revenue(account, 450_00, Now.AddDays(-3)), Nps(account, 10, Now.AddDays(-2)));
        }

        foreach (var account in accounts)
        {
            await app.WaitForSignalsAsync(account, 3);
        }

        var before = (await app.Grpc.GetAccountHealthAsync(new GetAccountHealthRequest { AccountId = accounts[0] })).Health;
        await app.Grpc.OverrideScoreAsync(new OverrideScoreRequest
        {
            AccountId = accounts[1], Band = "green", Reason = "Exec sponsor re-engaged", Author = "dana", ExpiresAt = Timestamp.FromDateTimeOffset(Now.AddDays(14)),
        });

        // Version 2: only NPS counts.
        var scorecard = ScorecardBook.Default().ToMessage();
        scorecard.Name = "NPS only";
        scorecard.Measures.Clear();
        scorecard.Measures.Add(new V1.ScorecardMeasure { Key = "nps", Weight = 1, StaleAfterDays = 180, Curve = { new V1.CurvePoint { Value = -100, Score = 0 }, new V1.CurvePoint { Value = 100, Score = 100 } } });
        scorecard.SegmentWeights.Clear();
        var published = await app.Grpc.PublishScorecardAsync(new PublishScorecardRequest { Scorecard = scorecard, Author = "ops" });

        var progress = published.Progress;
        for (var i = 0; i < 300 && !progress.Completed; i++)
        {
            await Task.Delay(100);
            progress = (await app.Grpc.GetScorecardAsync(new GetScorecardRequest { Version = published.Version })).Progress;
        }

        Assert.True(progress.Completed);
        Assert.True(progress.AccountsDone >= accounts.Count);
        var after = (await app.Grpc.GetAccountHealthAsync(new GetAccountHealthRequest { AccountId = accounts[0] })).Health;
        Assert.Equal(1, before.ScorecardVersion);
        Assert.Equal(published.Version, after.ScorecardVersion);
        Assert.Equal(100, after.Score);
        Assert.Equal("nps", Assert.Single(after.Measures).Key);

        var overridden = (await app.Grpc.GetAccountHealthAsync(new GetAccountHealthRequest { AccountId = accounts[1] })).Health;
        Assert.Equal("green", overridden.EffectiveBand);
        Assert.Equal("Exec sponsor re-engaged", overridden.Override.Reason);
        Assert.Equal(100, overridden.Score);

        var history = await app.Grpc.GetHealthHistoryAsync(new GetHealthHistoryRequest { AccountId = accounts[0], From = Timestamp.FromDateTimeOffset(Now.AddDays(-1)) });
        Assert.Contains(history.Markers, m => m.Kind == "scorecard_version" && m.Detail.Contains($"version {published.Version}"));
        var asOfYesterday = (await app.Grpc.GetAccountHealthAsync(new GetAccountHealthRequest { AccountId = accounts[0], AsOf = Timestamp.FromDateTimeOffset(Now.AddMinutes(-1)) })).Health;
        Assert.Equal(1, asOfYesterday.ScorecardVersion);
        Assert.Equal(before.Score, asOfYesterday.Score);

        var current = await app.Grpc.GetScorecardAsync(new GetScorecardRequest());
        Assert.Equal(published.Version, current.Scorecard.Version);
        Assert.Equal("ops", current.Scorecard.PublishedBy);
    }
}
