using CustomerHealth.Feedback.Sentiment;

namespace CustomerHealth.Feedback.Tests.Sentiment;

public class CommentSentimentTests
{
    private static readonly CommentSentiment Sentiment = CommentSentiment.FromEmbeddedLexicon();

    [Fact]
    public void The_whole_AFINN_165_lexicon_is_loaded()
    {
        Assert.InRange(Sentiment.LexiconSize, 3300, 3500);
    }

    [Fact]
    public void Plain_words_score_by_their_rating_squashed_into_minus_one_to_one()
    {
        // "good" is rated +3: 3 / sqrt(9 + 16) = 0.6; "horrible" -3: -0.6.
        Assert.Equal(0.6, Sentiment.Score("The onboarding was good"), 4);
        Assert.Equal(-0.6, Sentiment.Score("The onboarding was horrible"), 4);
        Assert.Equal(0, Sentiment.Score("We renewed on Tuesday"));
    }

    [Theory]
    [InlineData("The product is not good")]
    [InlineData("The product isn't good")]
    [InlineData("Never a good experience")]
    public void Negation_turns_a_positive_word_negative(string text)
    {
        // 3 x -0.75 = -2.25: -2.25 / sqrt(2.25² + 16) = -0.4903
        Assert.Equal(-0.4903, Sentiment.Score(text), 4);
    }

    [Fact]
    public void Negation_reaches_three_words_and_no_further()
    {
        Assert.True(Sentiment.Score("not at all good") < 0);
        Assert.True(Sentiment.Score("not the support team we had, good") > 0);
    }

    [Fact]
    public void Intensifiers_strengthen_and_dampeners_soften()
    {
        Assert.True(Sentiment.Score("The product is very good") > Sentiment.Score("The product is good"));
        Assert.True(Sentiment.Score("The product is extremely bad") < Sentiment.Score("The product is bad"));
        Assert.True(Sentiment.Score("The product is slightly bad") > Sentiment.Score("The product is bad"));
        // "very good": 4.5 / sqrt(20.25 + 16) = 0.7474
        Assert.Equal(0.7474, Sentiment.Score("very good"), 4);
    }

    [Fact]
    public void Mixed_comments_balance_and_scores_stay_within_range()
    {
        Assert.Equal(0, Sentiment.Score("good but bad"));
        Assert.Equal(0, Sentiment.Score(""));
        Assert.Equal(0, Sentiment.Score(null));
        Assert.InRange(Sentiment.Score(string.Join(" ", Enumerable.Repeat("awesome", 200))), 0.99, 1);
        Assert.InRange(Sentiment.Score(string.Join(" ", Enumerable.Repeat("horrible", 200))), -1, -0.99);
    }

    [Fact]
    public void The_emoji_emotion_ratings_are_loaded()
    {
        Assert.InRange(Sentiment.EmojiCount, 100, 200);
    }

    [Theory]
    // Ratings from emoji-emotion, squashed like words: r / sqrt(r² + 16).
    [InlineData("😡", -0.7071)] // -4
    [InlineData("👍", 0.4472)] // 2
    [InlineData("🙂", 0.2425)] // 1
    [InlineData("❤️", 0.6)] // 3
    [InlineData("😞", -0.4472)] // -2
    public void An_emoji_scores_by_its_rating_like_a_word(string comment, double expected)
    {
        Assert.Equal(expected, Sentiment.Score(comment), 4);
    }

    [Fact]
    public void Emoji_variants_and_emoji_next_to_words_are_recognised()
    {
        // ❤ without the presentation selector and 👍 with a skin tone rate as ❤️ and 👍.
        Assert.Equal(0.6, Sentiment.Score("❤"), 4);
        Assert.Equal(0.4472, Sentiment.Score("👍🏽"), 4);
        // "good 👍": 3 + 2 = 5 → 5 / sqrt(41) = 0.7809; two 😡 in a row: -8 / sqrt(80) = -0.8944.
        Assert.Equal(0.7809, Sentiment.Score("The call was good 👍"), 4);
        Assert.Equal(-0.8944, Sentiment.Score("The invoice, again 😡😡"), 4);
    }

    [Fact]
    public void Emoji_follow_the_negation_and_intensity_rules()
    {
        // "not 👍": 2 x -0.75 = -1.5 → -1.5 / sqrt(18.25) = -0.3511; "very 🙂": 1.5 → 1.5 / sqrt(18.25) = 0.3511.
        Assert.Equal(-0.3511, Sentiment.Score("not 👍"), 4);
        Assert.Equal(0.3511, Sentiment.Score("very 🙂"), 4);
        // Emoji the package does not rate are ignored, and a mixed comment balances: "great 😞" = 3 - 2 = 1 → 0.2425.
        Assert.Equal(0, Sentiment.Score("🦄"));
        Assert.Equal(0.2425, Sentiment.Score("great 😞"), 4);
    }
}
