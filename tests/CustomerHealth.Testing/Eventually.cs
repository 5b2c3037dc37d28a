namespace CustomerHealth.Testing;

/// <summary>
/// Waits for an asynchronous outcome (an outbox reaching RabbitMQ, an event crossing the broker, a
/// publisher's tick). A probe that throws is tried again (the service may still be starting); the
/// deadline only bounds a broken run, nothing asserts how fast it happened.
/// </summary>
public static class Eventually
{
    public static async Task<T> MatchesAsync<T>(Func<Task<T>> probe, Func<T, bool> done, string what, TimeSpan? within = null)
    {
        var deadline = DateTime.UtcNow + (within ?? TimeSpan.FromSeconds(60));
        T last = default!;
        Exception? lastError = null;
        do
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
        while (DateTime.UtcNow < deadline);

        throw new TimeoutException($"Gave up waiting for {what}. Last value: {last}. Last error: {lastError?.Message}");
    }
}
