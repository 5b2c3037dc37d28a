namespace CustomerHealth.Feedback.Metrics;

/// <summary>The counts behind the feedback metrics of one account or the portfolio, and the metrics (docs/metrics.md).</summary>
public sealed record FeedbackFigures(
    int Promoters,
    int Passives,
    int Detractors,
    int CsatResponses,
    int CsatSatisfied,
    int CesResponses,
    double? CesMean,
    int Comments,
    double? AverageSentiment,
    IReadOnlyDictionary<string, int> OpenTicketsByPriority,
    int TicketsOpened,
    double? MedianFirstResponseSeconds,
    int Accounts)
{
    public int NpsResponses => Promoters + Passives + Detractors;

    /// <summary>% promoters (9-10) minus % detractors (0-6) of all NPS answers; passives (7-8) count only in the denominator.</summary>
    public double? Nps => NpsOf(Promoters, Passives, Detractors);

    /// <summary>Share of CSAT answers scoring 4 or 5.</summary>
    public double? Csat => CsatResponses == 0 ? null : (double)CsatSatisfied / CsatResponses;

    public static double? NpsOf(int promoters, int passives, int detractors)
    {
        var total = promoters + passives + detractors;
        return total == 0 ? null : 100.0 * (promoters - detractors) / total;
    }
}
