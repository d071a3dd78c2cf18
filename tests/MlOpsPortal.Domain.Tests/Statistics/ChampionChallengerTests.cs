using Xunit;
using MlOpsPortal.Domain.Statistics;

namespace MlOpsPortal.Domain.Tests.Statistics;

public class ChampionChallengerTests
{
    [Fact]
    public void McNemar_FewDiscordantPairs_UsesExactBinomial()
    {
        // b = 1 (champion only right), c = 9 (challenger only right), 5 both right.
        var champion = Enumerable.Repeat(true, 1).Concat(Enumerable.Repeat(false, 9)).Concat(Enumerable.Repeat(true, 5)).ToArray();
        var challenger = Enumerable.Repeat(false, 1).Concat(Enumerable.Repeat(true, 9)).Concat(Enumerable.Repeat(true, 5)).ToArray();

        var result = ChampionChallenger.McNemar(champion, challenger);

        Assert.Equal(1, result.ChampionOnlyCorrect);
        Assert.Equal(9, result.ChallengerOnlyCorrect);
        Assert.True(result.UsesExact);
        Assert.Equal(22.0 / 1024, result.PValue, 12);
        Assert.Equal(4.9, result.ChiSquareStatistic!.Value, 12); // (|1−9|−1)²/10
    }

    [Fact]
    public void McNemar_ManyDiscordantPairs_UsesCorrectedChiSquare()
    {
        var champion = Enumerable.Repeat(true, 10).Concat(Enumerable.Repeat(false, 30)).ToArray();
        var challenger = Enumerable.Repeat(false, 10).Concat(Enumerable.Repeat(true, 30)).ToArray();

        var result = ChampionChallenger.McNemar(champion, challenger);

        Assert.False(result.UsesExact);
        Assert.Equal(361.0 / 40, result.ChiSquareStatistic!.Value, 12);
        Assert.Equal(SpecialFunctions.ChiSquareSurvival(9.025, 1), result.PValue, 14);
        Assert.InRange(result.PValue, 0.002, 0.003);
    }

    [Fact]
    public void McNemar_NoDiscordantPairs_PValueOneAndChiSquareUndefined()
    {
        var result = ChampionChallenger.McNemar(new[] { true, false }, new[] { true, false });
        Assert.Equal(1.0, result.PValue);
        Assert.Null(result.ChiSquarePValue);
    }

    [Fact]
    public void PairedBootstrapAuc_BetterChallenger_IntervalAboveZeroAndSeeded()
    {
        var rng = new SeededRandom(1);
        var n = 2000;
        var actual = new bool[n];
        var champion = new double[n];
        var challenger = new double[n];
        for (var i = 0; i < n; i++)
        {
            actual[i] = rng.NextDouble() < 0.4;
            var noise = rng.NextDouble();
            champion[i] = (actual[i] ? 0.2 : 0) + noise;
            challenger[i] = (actual[i] ? 0.6 : 0) + noise;
        }

        var first = ChampionChallenger.PairedBootstrapAuc(actual, champion, challenger, resamples: 200, seed: 5);
        var second = ChampionChallenger.PairedBootstrapAuc(actual, champion, challenger, resamples: 200, seed: 5);

        Assert.True(first.Difference > 0.1);
        Assert.True(first.Interval.Low > 0);
        Assert.InRange(first.Difference!.Value, first.Interval.Low!.Value, first.Interval.High!.Value);
        Assert.Equal(first.Interval, second.Interval);
    }

    [Theory]
    [InlineData(0.80, 0.83, true)]
    [InlineData(0.80, 0.81, false)] // absolute change 0.01 < 0.02
    public void Check_MinAbsoluteChangeHigherIsBetter_PassesOnlyAboveChange(double champion, double challenger, bool expected)
    {
        var check = ChampionChallenger.Check(new ChallengerThreshold("roc_auc", MinAbsoluteChange: 0.02), champion, challenger);
        Assert.Equal(expected, check.Passed);
    }

    [Fact]
    public void Check_LowerIsBetterWithRelativeChange_RequiresDecrease()
    {
        var threshold = new ChallengerThreshold("log_loss", HigherIsBetter: false, Threshold: 0.5, MinRelativeChange: 0.1);
        Assert.True(ChampionChallenger.Check(threshold, 0.40, 0.35).Passed);   // 12.5 % lower
        var failed = ChampionChallenger.Check(threshold, 0.40, 0.38);          // 5 % lower
        Assert.False(failed.Passed);
        Assert.Single(failed.Failures);
        Assert.Equal(-0.05, failed.RelativeChange!.Value, 12);
    }

    [Fact]
    public void Check_ChallengerUndefined_FailsWithReason()
    {
        var check = ChampionChallenger.Check(new ChallengerThreshold("f1", Threshold: 0.5), 0.6, null);
        Assert.False(check.Passed);
        Assert.Contains("n/a", check.Failures[0], StringComparison.Ordinal);
    }
}
