using CustomerHealth.Usage.V1;

namespace CustomerHealth.Usage.Tests.ReadingUsage;

public sealed class UsageAppWithFourteenDayMau : UsageApp
{
    protected override IReadOnlyDictionary<string, string> Settings { get; } = new Dictionary<string, string> { ["Usage:MauWindowDays"] = "14" };
}

/// <summary>
/// The worked example of <see cref="AccountUsageTests"/> with <c>Usage:MauWindowDays</c> = 14: dan (d-10)
/// is still in the window, eve (d-20) is not. MAU 4; average DAU (2 + 2 + 1) / 14; core features
/// used in 14 days: reports and alerts, 2 of 5. WAU and the two 14-day trend windows do not change.
/// </summary>
public class MauWindowTests(UsageAppWithFourteenDayMau app) : IClassFixture<UsageAppWithFourteenDayMau>
{
    [Fact]
    public async Task A_configured_MAU_window_sets_MAU_stickiness_and_adoption_in_the_read_and_in_the_signal()
    {
        var account = await UsageWorkedExample.RecordAsync(app.Grpc);

        var usage = await app.Grpc.GetAccountUsageAsync(new GetAccountUsageRequest { AccountId = account });
        var todayText = UtcDay.ToText(UtcDay.Of(TestTime.Now));
        var signals = await Eventually.MatchesAsync(
            () => app.SignalsInOutboxAsync(account),
            s => s.Any(x => x.GetProperty("asOfDay").GetString() == todayText),
            "today's signal");

        var now = usage.Current;
        Assert.Equal(14, usage.Definitions.MauWindowDays);
        Assert.Equal((2, 3, 4), (now.Dau, now.Wau, now.Mau));
        Assert.Equal(5 / 14.0, now.AverageDau, 10);
        Assert.Equal(5 / 14.0 / 4, now.Stickiness, 10);
        Assert.Equal((2, 5), (now.CoreFeaturesUsed, now.CoreFeaturesConfigured));
        Assert.Equal((5L, 1L), (now.EventsLast14Days, now.EventsPrevious14Days));
        Assert.Equal(5, now.ActiveUsers);
        var signal = signals.Last(x => x.GetProperty("asOfDay").GetString() == todayText);
        Assert.Equal(4, signal.GetProperty("mau").GetInt32());
        Assert.Equal(5 / 14.0, signal.GetProperty("averageDau28").GetDouble(), 10);
        Assert.Equal(2, signal.GetProperty("coreFeaturesUsed28").GetInt32());
    }
}
