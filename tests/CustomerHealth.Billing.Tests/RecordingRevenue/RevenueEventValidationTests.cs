using CustomerHealth.Billing.Ledger;
using CustomerHealth.Billing.RecordingRevenue;
using CustomerHealth.Billing.V1;
using Google.Protobuf.WellKnownTypes;

namespace CustomerHealth.Billing.Tests.RecordingRevenue;

public class RevenueEventValidationTests
{
    // The service validates against the real clock, and the API tests reuse these cases.
    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;

    public static TheoryData<string, Action<RecordRevenueEventRequest>> InvalidFields => new()
    {
        { "event_id", r => r.EventId = "" },
        { "event_id", r => r.EventId = new string('e', 129) },
        { "event_id", r => r.EventId = "evt\u0001" },
        { "event_id", r => r.EventId = " evt" },
        { "account_id", r => r.AccountId = "" },
        { "account_id", r => r.AccountId = new string('a', 129) },
        { "account_id", r => r.AccountId = "äccount" },
        { "kind", r => r.Kind = "" },
        { "kind", r => r.Kind = "subscription_paused" },
        { "mrr", r => r.Mrr = null },
        { "mrr.amount_minor", r => r.Mrr.AmountMinor = -1 },
        { "mrr.currency", r => r.Mrr.Currency = "usd" },
        { "mrr.currency", r => r.Mrr.Currency = "" },
        { "mrr.currency", r => r.Mrr.Currency = "DOLLAR" },
        { "occurred_at", r => r.OccurredAt = null },
        { "occurred_at", r => r.OccurredAt = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddMinutes(30)) },
        { "occurred_at", r => r.OccurredAt = Timestamp.FromDateTimeOffset(new DateTimeOffset(1999, 12, 31, 0, 0, 0, TimeSpan.Zero)) },
        { "plan", r => r.Plan = new string('p', 101) },
        { "source", r => r.Source = "" },
        { "source", r => r.Source = new string('s', 101) },
    };

    [Theory]
    [MemberData(nameof(InvalidFields))]
    public void An_invalid_field_is_reported_with_its_path_and_nothing_else(string field, Action<RecordRevenueEventRequest> breakIt)
    {
        var request = ValidAt(Now);
        breakIt(request);

        var violations = RevenueEventValidation.Validate(request, Now);

        var violation = Assert.Single(violations.Items);
        Assert.Equal(field, violation.Field);
        Assert.False(string.IsNullOrWhiteSpace(violation.Description));
    }

    [Fact]
    public void A_complete_event_has_no_violations_and_every_kind_is_accepted()
    {
        foreach (var kind in RevenueEventKinds.All)
        {
            var request = ValidAt(Now);
            RevenueEvents.MakeKind(request, kind);
            var violations = RevenueEventValidation.Validate(request, Now);
            Assert.True(violations.IsEmpty, $"{kind}: {violations}");
        }
    }

    [Fact]
    public void An_event_within_the_allowed_clock_skew_is_accepted_and_an_empty_plan_is_allowed()
    {
        var request = ValidAt(Now);
        request.OccurredAt = Timestamp.FromDateTimeOffset(Now.AddMinutes(4));
        request.Plan = "";

        Assert.True(RevenueEventValidation.Validate(request, Now).IsEmpty);
    }

    [Fact]
    public void Every_problem_of_a_request_is_reported_at_once()
    {
        var violations = RevenueEventValidation.Validate(new RecordRevenueEventRequest(), Now);

        Assert.Equal(
            ["account_id", "event_id", "kind", "mrr", "occurred_at", "source"],
            violations.Items.Select(v => v.Field).Order().ToArray());
    }

    [Fact]
    public void The_fingerprint_tells_a_redelivery_from_a_changed_payload()
    {
        var original = RevenueEventValidation.ToCommand(ValidAt(Now));

        Assert.Equal(original.Fingerprint(), (original with { }).Fingerprint());
        Assert.NotEqual(original.Fingerprint(), (original with { MrrMinor = original.MrrMinor + 1 }).Fingerprint());
        Assert.NotEqual(original.Fingerprint(), (original with { OccurredAt = original.OccurredAt.AddSeconds(1) }).Fingerprint());
    }

    private static RecordRevenueEventRequest ValidAt(DateTimeOffset now)
    {
        var request = RevenueEvents.Valid();
        request.OccurredAt = Timestamp.FromDateTimeOffset(now.AddDays(-1));
        return request;
    }
}
