namespace CustomerHealth.Feedback.Surveys;

/// <summary>The survey kinds and their score scales.</summary>
public static class SurveyKinds
{
    public const string Nps = "nps";
    public const string Csat = "csat";
    public const string Ces = "ces";

    public static readonly IReadOnlyDictionary<string, (int Min, int Max)> Scales = new Dictionary<string, (int, int)>(StringComparer.Ordinal)
    {
        [Nps] = (0, 10),
        [Csat] = (1, 5),
        [Ces] = (1, 7),
    };
}
