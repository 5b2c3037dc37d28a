namespace CustomerHealth.Scoring.Alerts;

/// <summary>The churn-risk rules and their thresholds (configuration section Scoring:Alerts).</summary>
public sealed class ChurnRiskRuleSettings
{
    public double ScoreDropPoints { get; set; } = 15;
    public int ScoreDropWindowDays { get; set; } = 14;
    public int PaymentOverdueDays { get; set; } = 7;
    public int DetractorWindowDays { get; set; } = 30;
    public double UsageDropPercent { get; set; } = 40;
    public int RenewalWithinDays { get; set; } = 90;
    public int TicketOpenDays { get; set; } = 3;
}

public static class ChurnRiskRules
{
    public const string BandRed = "band_red";
    public const string ScoreDrop = "score_drop";
    public const string PaymentRisk = "payment_risk";
    public const string NpsDetractor = "nps_detractor";
    public const string UsageDrop = "usage_drop";
    public const string RenewalAtRisk = "renewal_at_risk";
    public const string TicketEscalation = "ticket_escalation";

    public static readonly IReadOnlyList<string> All = [BandRed, ScoreDrop, PaymentRisk, NpsDetractor, UsageDrop, RenewalAtRisk, TicketEscalation];
}
