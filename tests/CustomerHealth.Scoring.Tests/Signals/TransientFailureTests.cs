using CustomerHealth.Scoring.Signals;
using Marten.Exceptions;

namespace CustomerHealth.Scoring.Tests.Signals;

public class TransientFailureTests
{
    [Fact]
    public void A_stream_another_instance_started_first_is_retried_wherever_it_is_wrapped()
    {
        var collision = new ExistingStreamIdCollisionException("acct-1", typeof(object));

        Assert.True(TransientFailure.Is(collision));
        Assert.True(TransientFailure.Is(new InvalidOperationException("save failed", collision)));
    }

    [Fact]
    public void A_failure_about_the_data_itself_is_not_retried()
    {
        Assert.False(TransientFailure.Is(new InvalidOperationException("unknown signal kind")));
        Assert.False(TransientFailure.Is(new ArgumentException("bad account id")));
    }
}
