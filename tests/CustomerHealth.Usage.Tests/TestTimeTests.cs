namespace CustomerHealth.Usage.Tests;

public class TestTimeTests
{
    [Theory]
    [InlineData("2026-11-23T23:59:30Z", "2026-11-23T10:00:00Z")]
    [InlineData("2026-11-24T00:00:10Z", "2026-11-23T10:00:00Z")]
    [InlineData("2026-11-24T09:59:59Z", "2026-11-23T10:00:00Z")]
    [InlineData("2026-11-24T10:00:00Z", "2026-11-24T10:00:00Z")]
    [InlineData("2026-11-24T15:30:00Z", "2026-11-24T10:00:00Z")]
    public void A_run_starting_at_any_time_of_day_starts_at_ten_oclock_of_that_day_or_the_one_before(string real, string pinned)
    {
        var realNow = DateTimeOffset.Parse(real, System.Globalization.CultureInfo.InvariantCulture);

        var shift = TestTime.ShiftFrom(realNow);

        Assert.Equal(DateTimeOffset.Parse(pinned, System.Globalization.CultureInfo.InvariantCulture), realNow + shift);
        Assert.True(shift <= TimeSpan.Zero);
    }
}
