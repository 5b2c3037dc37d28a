using System.Globalization;
using System.Reflection;
using System.Text;
using System.Text.RegularExpressions;

namespace CustomerHealth.Feedback.Sentiment;

/// <summary>
/// Comment sentiment from -1 to 1 with the AFINN-165 lexicon (words rated -5..5), emoji-emotion
/// (emoji rated on the same -5..5 scale, e.g. 😡 -4, 👍 2), and three rules
/// that a plain word sum gets wrong: negation ("not good"), intensifiers ("very good") and
/// dampeners ("slightly bad"). The sum is squashed to -1..1 by s / sqrt(s² + 16), so one strongly
/// rated word gives about ±0.6 and more words approach ±1 without reaching it.
/// </summary>
/// <param name="emoji">Emoji ratings keyed by <see cref="EmojiKey"/>; emoji are tokens like words, so "not 👍" is negated.</param>
public sealed partial class CommentSentiment(IReadOnlyDictionary<string, int> lexicon, IReadOnlyDictionary<string, int>? emoji = null)
{
    private readonly IReadOnlyDictionary<string, int> _emoji = emoji ?? new Dictionary<string, int>();

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
        var lexicon = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (Match m in LexiconEntry().Matches(Embedded("afinn-165.js")))
        {
            lexicon[m.Groups["word"].Value] = int.Parse(m.Groups["score"].Value, CultureInfo.InvariantCulture);
        }

        var emoji = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (Match m in EmojiEntry().Matches(Embedded("emoji-emotion.js")))
        {
            emoji[EmojiKey(m.Groups["emoji"].Value)] = int.Parse(m.Groups["polarity"].Value, CultureInfo.InvariantCulture);
        }

        return new CommentSentiment(lexicon, emoji);
    }

    public int LexiconSize => lexicon.Count;

    public int EmojiCount => _emoji.Count;

    /// <summary>
    /// An emoji without its presentation selector (U+FE0F) or skin tone (U+1F3FB..U+1F3FF): "❤" and
    /// "❤️", "👍" and "👍🏽" are the same rating.
    /// </summary>
    public static string EmojiKey(string emoji)
    {
        var key = new StringBuilder(emoji.Length);
        foreach (var rune in emoji.EnumerateRunes())
        {
            if (rune.Value is not (0xFE0F or (>= 0x1F3FB and <= 0x1F3FF)))
            {
                key.Append(rune.ToString());
            }
        }

        return key.ToString();
    }

    /// <summary>-1..1; 0 for text without rated words.</summary>
    public double Score(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return 0;
        }

        var tokens = Tokens(text.ToLowerInvariant());
        double sum = 0;
        for (var i = 0; i < tokens.Count; i++)
        {
            if (!lexicon.TryGetValue(tokens[i], out var rating) && !_emoji.TryGetValue(tokens[i], out rating))
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

    /// <summary>Words, and each rated emoji (one text element of a run of symbols) as a token of its own, in text order.</summary>
    private List<string> Tokens(string text)
    {
        var tokens = new List<string>();
        foreach (Match m in Token().Matches(text))
        {
            if (m.Groups["word"].Success)
            {
                tokens.Add(m.Value);
                continue;
            }

            var elements = StringInfo.GetTextElementEnumerator(m.Value);
            while (elements.MoveNext())
            {
                var key = EmojiKey(elements.GetTextElement());
                if (_emoji.ContainsKey(key))
                {
                    tokens.Add(key);
                }
            }
        }

        return tokens;
    }

    private static string Embedded(string name)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream($"CustomerHealth.Feedback.Sentiment.{name}")
            ?? throw new InvalidOperationException($"{name} is not embedded (npm ci in services/Feedback/Sentiment).");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    private static bool IsNegation(string token) => Negations.Contains(token) || token.EndsWith("n't", StringComparison.Ordinal);

    [GeneratedRegex(@"^\s*'?(?<word>[^':\n]+?)'?:\s*(?<score>-?\d+),?\s*$", RegexOptions.Multiline)]
    private static partial Regex LexiconEntry();

    // emoji-emotion lists objects { name: '…', emoji: '…', polarity: n }.
    [GeneratedRegex(@"emoji:\s*'(?<emoji>[^']+)',\s*polarity:\s*(?<polarity>-?\d+)")]
    private static partial Regex EmojiEntry();

    // A word, or a run of anything that is not a letter, digit, punctuation or space (emoji, with their selectors and joiners).
    [GeneratedRegex(@"(?<word>[a-z]+(?:'[a-z]+)?)|[^\s\p{L}\p{N}\p{P}]+")]
    private static partial Regex Token();
}
