using CustomerHealth.Scoring.ReadingHealth;
using CustomerHealth.Scoring.ReceivingSignals;
using JasperFx.Events;

namespace CustomerHealth.Scoring.Tests.ReadingHealth;

public class AccountHealthProjectionTests
{
    private static readonly DateTimeOffset Day1 = new(2026, 10, 1, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void The_first_revenue_event_creates_the_account_health_with_ARR_twelve_times_MRR()
    {
        var health = AccountHealthProjection.Create(On("acme", Revenue("e1", 500_00, Day1)));

        Assert.Equal("acme", health.Id);
        Assert.Equal(500_00, health.MrrMinor);
        Assert.Equal(6_000_00, health.ArrMinor);
        Assert.Equal(1, health.RevenueEventCount);
        Assert.Equal("e1", health.LastRevenueEvent?.EventId);
    }

    [Fact]
    public void A_newer_event_replaces_MRR_and_plan()
    {
        var health = AccountHealthProjection.Create(On("acme", Revenue("e1", 500_00, Day1)));

        health = AccountHealthProjection.Apply(Revenue("e2", 750_00, Day1.AddDays(3), plan: "scale"), health);

        Assert.Equal(750_00, health.MrrMinor);
        Assert.Equal("scale", health.Plan);
        Assert.Equal(2, health.RevenueEventCount);
        Assert.Equal("e2", health.LastRevenueEvent?.EventId);
    }

    [Fact]
    public void An_event_that_occurred_earlier_than_the_latest_is_counted_but_does_not_roll_MRR_back()
    {
        var health = AccountHealthProjection.Create(On("acme", Revenue("e2", 750_00, Day1.AddDays(3))));

        health = AccountHealthProjection.Apply(Revenue("e1", 500_00, Day1), health);

        Assert.Equal(750_00, health.MrrMinor);
        Assert.Equal("e2", health.LastRevenueEvent?.EventId);
        Assert.Equal(2, health.RevenueEventCount);
    }

    [Fact]
    public void In_order_and_out_of_order_delivery_end_in_the_same_revenue()
    {
        var events = new[]
        {
            Revenue("e1", 100_00, Day1),
            Revenue("e2", 200_00, Day1.AddDays(1)),
            Revenue("e3", 0, Day1.AddDays(2), kind: "subscription_cancelled"),
        };

        var inOrder = Fold(events);
        var shuffled = Fold([events[2], events[0], events[1]]);

        Assert.Equal(inOrder.MrrMinor, shuffled.MrrMinor);
        Assert.Equal(inOrder.LastRevenueEvent, shuffled.LastRevenueEvent);
        Assert.Equal(0, shuffled.MrrMinor);
    }

    private static AccountHealth Fold(RevenueRecorded[] events) =>
        events.Skip(1).Aggregate(AccountHealthProjection.Create(On("acme", events[0])), (h, e) => AccountHealthProjection.Apply(e, h));

    internal static RevenueRecorded Revenue(string id, long mrr, DateTimeOffset occurredAt, string plan = "growth", string kind = "subscription_changed") =>
        new(id, kind, mrr, "USD", occurredAt, plan, "stripe", occurredAt.AddMinutes(1));

    private static IEvent<RevenueRecorded> On(string account, RevenueRecorded data) => new Event<RevenueRecorded>(data) { StreamKey = account };
}
