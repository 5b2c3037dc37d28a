using CustomerHealth.Common.V1;
using CustomerHealth.ServiceDefaults.Resilience;
using CustomerHealth.ServiceDefaults.Validation;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;

namespace CustomerHealth.ServiceDefaults.Tests;

public class FieldRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("a", true)]
    [InlineData("acct_42-eu.west/7", true)]
    [InlineData("", false)]
    [InlineData(" padded", false)]
    [InlineData("tab\there", false)]
    [InlineData("ümlaut", false)]
    public void Ids_are_one_to_128_printable_characters(string id, bool valid)
    {
        Assert.Equal(valid, new FieldViolations().RequireId("id", id).IsEmpty);
    }

    [Fact]
    public void An_id_of_129_characters_is_too_long_and_128_is_fine()
    {
        Assert.True(new FieldViolations().RequireId("id", new string('x', 128)).IsEmpty);
        Assert.Contains("at most 128", new FieldViolations().RequireId("id", new string('x', 129)).Items[0].Description);
    }

    [Fact]
    public void Money_problems_are_reported_on_the_nested_field()
    {
        var violations = new FieldViolations().RequireMoney("mrr", new Money { AmountMinor = -5, Currency = "eur" });

        Assert.Equal(["mrr.amount_minor", "mrr.currency"], violations.Items.Select(v => v.Field).ToArray());
    }

    [Fact]
    public void A_timestamp_beyond_the_allowed_skew_is_in_the_future()
    {
        var skew = TimeSpan.FromMinutes(5);

        Assert.True(new FieldViolations().RequirePastTimestamp("at", Timestamp.FromDateTimeOffset(Now.AddMinutes(5)), Now, skew).IsEmpty);
        Assert.False(new FieldViolations().RequirePastTimestamp("at", Timestamp.FromDateTimeOffset(Now.AddMinutes(5).AddSeconds(1)), Now, skew).IsEmpty);
    }

    [Fact]
    public void Violations_become_INVALID_ARGUMENT_with_a_google_rpc_BadRequest()
    {
        var ex = new FieldViolations().Add("a", "is required.").Add("b.c", "must be positive.").ToRpcException();

        Assert.Equal(StatusCode.InvalidArgument, ex.StatusCode);
        var details = ex.GetRpcStatus()!.GetDetail<BadRequest>();
        Assert.Equal(["a", "b.c"], details.FieldViolations.Select(v => v.Field).ToArray());
    }

    [Fact]
    public void The_same_name_always_gives_the_same_version_5_guid()
    {
        var first = DeterministicGuid.From("billing/revenue/evt-1");

        Assert.Equal(first, DeterministicGuid.From("billing/revenue/evt-1"));
        Assert.NotEqual(first, DeterministicGuid.From("billing/revenue/evt-2"));
        Assert.Equal('5', first.ToString()[14]);
    }

    [Fact]
    public void Outages_are_transient_and_bugs_are_not()
    {
        Assert.True(TransientFailure.IsTransient(new TimeoutException()));
        Assert.True(TransientFailure.IsTransient(new InvalidOperationException("wrapped", new System.Net.Sockets.SocketException())));
        Assert.False(TransientFailure.IsTransient(new InvalidOperationException("bug")));
        Assert.False(TransientFailure.IsTransient(new ArgumentException("bad input")));
    }
}
