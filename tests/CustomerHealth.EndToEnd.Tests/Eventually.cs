namespace CustomerHealth.EndToEnd.Tests;

/// <summary>
/// Waits for an asynchronous outcome (an event crossing the broker). The deadline only bounds a
/// broken run; nothing asserts how fast it happened.
/// </summary>
public static class Eventually
{
    public static async Task<T> MatchesAsync<T>(Func<Task<T>> probe, Func<T, bool> done, string what, TimeSpan? within = null)
    {
        var deadline = DateTime.UtcNow + (within ?? TimeSpan.FromSeconds(60));
        T last = default!;
        Exception? lastError = null;
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                last = await probe();
                lastError = null;
                if (done(last))
                {
                    return last;
                }
            }
            catch (Exception ex)
            {
                lastError = ex;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"Gave up waiting for {what}. Last value: {last}. Last error: {lastError?.Message}");
    }
}
