namespace CustomerHealth.Feedback.Tests;

/// <summary>Waits for an asynchronous outcome (the outbox reaching RabbitMQ); the deadline only bounds a broken run.</summary>
public static class Eventually
{
    public static async Task<T> MatchesAsync<T>(Func<Task<T>> probe, Func<T, bool> done, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        T last;
        do
        {
            last = await probe();
            if (done(last))
            {
                return last;
            }

            await Task.Delay(100);
        }
        while (DateTime.UtcNow < deadline);

        throw new TimeoutException($"Gave up waiting for {what}. Last value: {last}");
    }
}
