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
}
