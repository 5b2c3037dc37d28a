namespace CustomerHealth.Feedback;

/// <summary>Configuration section "Feedback".</summary>
public sealed class FeedbackOptions
{
    /// <summary>The window of survey responses (and tickets opened) the metrics cover when a request names none.</summary>
    public int WindowDays { get; set; } = 180;
}
