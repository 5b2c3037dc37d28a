using CustomerHealth.Usage.RecordingEvents;
using CustomerHealth.Usage.V1;
using Google.Protobuf.WellKnownTypes;

namespace CustomerHealth.Usage.Tests.RecordingEvents;

/// <summary>Every rule of a usage event, one broken field at a time.</summary>
public class UsageEventValidationTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);
    private readonly UsageEventValidation _validation = new(retentionDays: 400);

    public static TheoryData<string, string, Action<UsageEvent>> InvalidFields() => new()
    {
        { "missing event id", "event_id", e => e.EventId = "" },
        { "event id too long", "event_id", e => e.EventId = new string('e', 129) },
        { "event id not printable", "event_id", e => e.EventId = "evt\u0001" },
        { "event id with a trailing space", "event_id", e => e.EventId = "evt " },
        { "missing account", "account_id", e => e.AccountId = "" },
        { "account id too long", "account_id", e => e.AccountId = new string('a', 129) },
        { "account id not ASCII", "account_id", e => e.AccountId = "acmé" },
        { "missing user", "user_id", e => e.UserId = "" },
        { "user id too long", "user_id", e => e.UserId = new string('u', 129) },
        { "missing feature", "feature", e => e.Feature = "" },
        { "blank feature", "feature", e => e.Feature = "   " },
        { "feature too long", "feature", e => e.Feature = new string('f', 101) },
        { "feature with a control character", "feature", e => e.Feature = "re\nports" },
        { "missing occurred_at", "occurred_at", e => e.OccurredAt = null },
        { "occurred_at 6 minutes ahead", "occurred_at", e => e.OccurredAt = Timestamp.FromDateTimeOffset(Now.AddMinutes(6)) },
        { "occurred_at past retention", "occurred_at", e => e.OccurredAt = Timestamp.FromDateTimeOffset(Now.AddDays(-400).AddMinutes(-1)) },
        { "occurred_at before 2000", "occurred_at", e => e.OccurredAt = new Timestamp { Seconds = 0 } },
        { "occurred_at with bad nanos", "occurred_at", e => e.OccurredAt = new Timestamp { Seconds = Now.ToUnixTimeSeconds(), Nanos = -1 } },
        { "quantity zero", "quantity", e => e.Quantity = 0 },
        { "quantity negative", "quantity", e => e.Quantity = -3 },
        { "quantity absurd", "quantity", e => e.Quantity = 2_000_000_000 },
        { "17 properties", "properties", e => e.Properties.Add(Enumerable.Range(0, 17).ToDictionary(i => $"k{i}", i => "v")) },
        { "empty property key", "properties[]", e => e.Properties.Add("", "v") },
        { "property key too long", "properties[" + new string('k', 40) + "…]", e => e.Properties.Add(new string('k', 101), "v") },
        { "property value too long", "properties[plan]", e => e.Properties.Add("plan", new string('v', 1001)) },
        { "property value with a control character", "properties[plan]", e => e.Properties.Add("plan", "a\tb") },
    };

    [Theory]
    [MemberData(nameof(InvalidFields))]
    public void A_broken_field_is_named_with_a_reason(string because, string field, Action<UsageEvent> breakIt)
    {
        var e = Valid();
        breakIt(e);

        var violations = _validation.Validate(e, Now);

        Assert.True(violations is not null, because);
        var violation = Assert.Single(violations.Items);
        Assert.Equal(field, violation.Field);
        Assert.False(string.IsNullOrWhiteSpace(violation.Description));
    }

    [Fact]
    public void Every_broken_field_of_one_event_is_listed()
    {
        var e = new UsageEvent { Quantity = 0 };

        var violations = _validation.Validate(e, Now);

        Assert.Equal(["event_id", "account_id", "user_id", "feature", "occurred_at", "quantity"], violations!.Items.Select(v => v.Field));
    }

    [Fact]
    public void Limits_themselves_are_accepted()
    {
        var e = Valid();
        e.EventId = new string('e', 128);
        e.AccountId = "a";
        e.UserId = "user with inner spaces";
        e.Feature = new string('f', 100);
        e.OccurredAt = Timestamp.FromDateTimeOffset(Now.AddMinutes(5));
        e.Quantity = 1_000_000_000;
        e.Properties.Add(Enumerable.Range(0, 16).ToDictionary(i => $"{i:D2}" + new string('k', 98), i => i == 0 ? "" : new string('v', 1000)));

        Assert.Null(_validation.Validate(e, Now));
        Assert.Null(_validation.Validate(Valid(at: Now.AddDays(-400).AddMinutes(1)), Now));
    }

    [Fact]
    public void Quantity_defaults_to_one_and_properties_become_JSON()
    {
        var plain = UsageEventValidation.ToValid(Valid());
        var withProperties = Valid();
        withProperties.Quantity = 7;
        withProperties.Properties.Add("plan", "growth");

        var valid = UsageEventValidation.ToValid(withProperties);

        Assert.Equal(1, plain.Quantity);
        Assert.Null(plain.PropertiesJson);
        Assert.Equal(7, valid.Quantity);
        Assert.Equal("{\"plan\":\"growth\"}", valid.PropertiesJson);
        Assert.Equal(new DateOnly(2026, 11, 23), valid.Day);
    }

    private static UsageEvent Valid(DateTimeOffset? at = null) => Events.Valid("acme", "evt-1", at: at ?? Now.AddHours(-1));
}
