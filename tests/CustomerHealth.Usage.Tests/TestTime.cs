namespace CustomerHealth.Usage.Tests;

/// <summary>
/// "Now" for the in-process tests: real time moved back so that the test run starts at 10:00 UTC, on
/// the real day or the one before. The service under test reads the same clock (<see cref="MovableClock"/>),
/// so "today" means one day for the tests and the service, and a run started near midnight cannot
/// cross into the next day halfway. Only moved back: events are never in the real future.
/// </summary>
public static class TestTime
{
    private static readonly TimeSpan StartOfRun = TimeSpan.FromHours(10);

    public static TimeSpan Shift { get; } = ShiftFrom(DateTimeOffset.UtcNow);

    public static DateTimeOffset Now => DateTimeOffset.UtcNow + Shift;

    /// <summary>How far to move <paramref name="realNow"/> back so that it reads 10:00.</summary>
    public static TimeSpan ShiftFrom(DateTimeOffset realNow)
    {
        var sinceTen = realNow.UtcDateTime.TimeOfDay - StartOfRun;
        return sinceTen >= TimeSpan.Zero ? -sinceTen : -(sinceTen + TimeSpan.FromDays(1));
    }
}
