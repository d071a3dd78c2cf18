using MlOpsPortal.Domain.Common;
using MlOpsPortal.Domain.Evaluation;
using MlOpsPortal.Domain.Fairness;
using Xunit;

namespace MlOpsPortal.Domain.Tests.Fairness;

public class FairnessAnalyzerTests
{
    private const int P = 12;

    [Fact]
    public void Analyze_HandFixture_PerGroupRates()
    {
        var groups = FairnessFixtures.Report().Groupings.Single().Groups;
        var a = groups[0];
        var b = groups[1];
        Assert.Equal("A", a.Group["g"]);
        Assert.Equal((4, 1, 1, 1, 1), (a.Count, a.TruePositives, a.FalsePositives, a.TrueNegatives, a.FalseNegatives));
        Assert.Equal(0.5, a.BaseRate);
        Assert.Equal(0.5, a.SelectionRate);
        Assert.Equal(0.5, a.Tpr);
        Assert.Equal(0.5, a.Fpr);
        Assert.Equal(0.5, a.Ppv);
        Assert.Equal(0.75, a.Auc!.Value, P); // 3 of 4 positive/negative pairs ordered
        Assert.Equal(0.75, b.BaseRate);
        Assert.Equal(2.0 / 3, b.Tpr!.Value, P);
        Assert.Equal(0.0, b.Fpr);
        Assert.Equal(1.0, b.Tnr);
        Assert.Equal(1.0 / 3, b.Fnr!.Value, P);
        Assert.Equal(1.0, b.Ppv);
        Assert.Equal(0.75, b.Accuracy);
        Assert.Equal(1.0, b.Auc);
    }

    [Fact]
    public void Analyze_HandFixture_FairlearnBetweenGroups()
    {
        var d = FairnessFixtures.Report().Groupings.Single().BetweenGroups;
        Assert.Equal(0.0, d.DemographicParityDifference.Value);
        Assert.Equal(1.0, d.DemographicParityRatio.Value);
        Assert.Equal(0.5, d.EqualizedOddsDifference.Value!.Value, P);                  // max(TPR 1/6, FPR 1/2)
        Assert.Equal((1.0 / 6 + 0.5) / 2, d.EqualizedOddsDifferenceMean.Value!.Value, P);
        Assert.Equal(0.0, d.EqualizedOddsRatio.Value!.Value, P);                      // min(TPR 0.75, FPR 0/0.5)
        Assert.Equal(0.375, d.EqualizedOddsRatioMean.Value!.Value, P);
        Assert.Equal(1.0 / 6, d.EqualOpportunityDifference.Value!.Value, P);
        Assert.Equal(0.75, d.EqualOpportunityRatio.Value!.Value, P);
    }

    [Fact]
    public void Analyze_HandFixture_FairlearnToOverall()
    {
        // Overall: selection 0.5, TPR 0.6, FPR 1/3.
        var d = FairnessFixtures.Report().Groupings.Single().ToOverall;
        Assert.Equal(0.0, d.DemographicParityDifference.Value);
        Assert.Equal(1.0, d.DemographicParityRatio.Value);
        Assert.Equal(1.0 / 3, d.EqualizedOddsDifference.Value!.Value, P);              // max(0.1, 1/3)
        Assert.Equal((0.1 + (1.0 / 3)) / 2, d.EqualizedOddsDifferenceMean.Value!.Value, P);
        Assert.Equal(0.0, d.EqualizedOddsRatio.Value!.Value, P);                       // FPR ratio 0/(1/3)
        Assert.Equal(0.1, d.EqualOpportunityDifference.Value!.Value, P);
        Assert.Equal(0.5 / 0.6, d.EqualOpportunityRatio.Value!.Value, P);
    }

    [Fact]
    public void Analyze_HandFixture_Aif360WithPrivilegedB()
    {
        var aif = FairnessFixtures.Report().Groupings.Single().Aif360!;
        Assert.Equal("B", Assert.Single(aif.PrivilegedGroups)["g"]);
        Assert.Equal(0.0, aif.StatisticalParityDifference.Value);
        Assert.Equal(1.0, aif.DisparateImpact.Value);
        Assert.False(aif.FailsFourFifthsRule);
        Assert.Equal(0.5 * ((0.5 - 0) + (0.5 - (2.0 / 3))), aif.AverageOddsDifference.Value!.Value, P);
        Assert.Equal(0.5 - (2.0 / 3), aif.EqualOpportunityDifference.Value!.Value, P);
        Assert.Equal(-0.25, aif.DatasetStatisticalParityDifference.Value!.Value, P);
        Assert.Equal(0.5 / 0.75, aif.DatasetDisparateImpact.Value!.Value, P);
    }

    [Fact]
    public void Analyze_HandFixture_GeneralizedEntropyMatchesPerIndividualFormula()
    {
        var report = FairnessFixtures.Report();
        var predicted = FairnessFixtures.Scores.Select(s => s >= 0.5).ToArray();
        var b = FairnessFixtures.Actual.Select((y, i) => (predicted[i] ? 1.0 : 0) - (y ? 1 : 0) + 1).ToArray();
        var mu = b.Average();
        var ge2 = b.Sum(x => Math.Pow(x / mu, 2) - 1) / (b.Length * 2 * 1);
        var theil = b.Where(x => x > 0).Sum(x => x / mu * Math.Log(x / mu)) / b.Length;
        Assert.Equal(ge2, report.GeneralizedEntropyIndex.Value!.Value, P);
        Assert.Equal(theil, report.TheilIndex.Value!.Value, P);
        Assert.Null(report.GeneralizedEntropyIndexAlpha0.Value); // a false negative makes GE(0) infinite
    }

    [Fact]
    public void Analyze_HandFixture_ClarifyDataBiasForFacetA()
    {
        var bias = FairnessFixtures.Report().Groupings.Single().DataBias[0];
        Assert.Equal("A", bias.Facet["g"]);
        Assert.Equal(0.0, bias.ClassImbalance.Value);
        Assert.Equal(0.25, bias.DifferenceInProportionsOfLabels.Value!.Value, P); // q_a 0.75 − q_d 0.5
        Assert.Equal((0.75 * Math.Log(0.75 / 0.5)) + (0.25 * Math.Log(0.25 / 0.5)), bias.KlDivergence.Value!.Value, P);
        double m1 = 0.625, m0 = 0.375;
        var js = 0.5 * ((0.75 * Math.Log(0.75 / m1)) + (0.25 * Math.Log(0.25 / m0)) + (0.5 * Math.Log(0.5 / m1)) + (0.5 * Math.Log(0.5 / m0)));
        Assert.Equal(js, bias.JsDivergence.Value!.Value, P);
        Assert.Equal(0.25, bias.TotalVariationDistance.Value!.Value, P);
    }

    [Fact]
    public void Analyze_GroupWithoutPositives_RatesUndefinedAndSkippedInDisparities()
    {
        bool[] y = [true, false, true, false, false, false];
        double[] s = [0.9, 0.2, 0.3, 0.7, 0.8, 0.1];
        var input = FairnessInput.FromScores(y, s, 0.5, [new SensitiveFeature("g", ["A", "A", "A", "A", "C", "C"])]);
        var grouping = FairnessFixtures.Report(input, new FairnessOptions { BootstrapResamples = 0 }).Groupings.Single();
        var c = grouping.Groups[1];
        Assert.Null(c.Tpr);
        Assert.Null(c.Fnr);
        Assert.Null(c.Auc);
        Assert.Equal(0.0, c.BaseRate);
        Assert.Equal(0.5, c.Fpr);
        Assert.Equal(0.0, grouping.BetweenGroups.EqualOpportunityDifference.Value); // only A's TPR is defined
        Assert.Null(grouping.DataBias[1].KlDivergence.Value); // P_d(pos) = 0 while P_a(pos) > 0 → infinite
    }

    [Fact]
    public void Analyze_MissingSensitiveValues_FormLabelledGroup()
    {
        var input = FairnessInput.FromScores(FairnessFixtures.Actual, FairnessFixtures.Scores, 0.5,
            [new SensitiveFeature("g", ["A", null, "A", "", "B", "B", null, "B"])]);
        var groups = FairnessFixtures.Report(input, new FairnessOptions { BootstrapResamples = 0 }).Groupings.Single().Groups;
        Assert.Equal(["A", "B", SensitiveFeature.MissingLabel], groups.Select(g => g.Group["g"]));
        Assert.Equal(3, groups[2].Count);
    }

    [Fact]
    public void Analyze_SingleGroup_DifferencesZeroAndRestFacetUndefined()
    {
        var input = FairnessInput.FromScores(FairnessFixtures.Actual, FairnessFixtures.Scores, 0.5, [new SensitiveFeature("g", Enumerable.Repeat<string?>("all", 8).ToArray())]);
        var grouping = FairnessFixtures.Report(input, new FairnessOptions { BootstrapResamples = 20 }).Groupings.Single();
        Assert.Equal(0.0, grouping.BetweenGroups.DemographicParityDifference.Value);
        Assert.Equal(1.0, grouping.BetweenGroups.EqualOpportunityRatio.Value);
        Assert.Null(grouping.DataBias[0].DifferenceInProportionsOfLabels.Value);
        Assert.Equal(-1.0, grouping.DataBias[0].ClassImbalance.Value); // n_a = 0
        Assert.Null(grouping.Aif360);
    }

    [Fact]
    public void Analyze_DeclaredCategoryWithoutRows_ZeroCountEverythingUndefined()
    {
        var input = FairnessInput.FromScores(FairnessFixtures.Actual, FairnessFixtures.Scores, 0.5, [new SensitiveFeature("g", FairnessFixtures.Group, ["A", "B", "Z"])]);
        var z = FairnessFixtures.Report(input, new FairnessOptions { BootstrapResamples = 10 }).Groupings.Single().Groups[2];
        Assert.Equal(0, z.Count);
        Assert.Null(z.SelectionRate);
        Assert.Null(z.Accuracy);
        Assert.Null(z.Ci["selectionRate"].Low);
    }

    [Fact]
    public void Analyze_TwoFeaturesIntersectional_AddsIntersectionGrouping()
    {
        var input = FairnessInput.FromScores(FairnessFixtures.Actual, FairnessFixtures.Scores, 0.5,
            [new SensitiveFeature("g", FairnessFixtures.Group), new SensitiveFeature("age", NumericBinning.Bin("age", [20, 30, 40, 50, 22, 60, 70, 24], [25]).Values)]);
        var report = FairnessFixtures.Report(input, new FairnessOptions { BootstrapResamples = 0 });
        Assert.Equal(3, report.Groupings.Count);
        var intersection = report.Groupings[2];
        Assert.Equal(["g", "age"], intersection.Features);
        Assert.Equal(4, intersection.Groups.Count);
        var aYoung = intersection.Groups.Single(g => g.Group["g"] == "A" && g.Group["age"] == "<25");
        Assert.Equal(1, aYoung.Count);
        Assert.Equal(8, intersection.Groups.Sum(g => g.Count));

        var flat = FairnessFixtures.Report(input, new FairnessOptions { BootstrapResamples = 0, Intersectional = false });
        Assert.Equal(2, flat.Groupings.Count);
    }

    [Fact]
    public void Analyze_Bootstrap_SeededIntervalsContainEstimatesAndSmallGroupsAreWider()
    {
        var rng = new MlOpsPortal.Domain.Statistics.SeededRandom(3);
        var n = 4000;
        var y = new bool[n];
        var s = new double[n];
        var g = new string?[n];
        for (var i = 0; i < n; i++)
        {
            g[i] = i % 20 == 0 ? "small" : "large";
            y[i] = rng.NextDouble() < 0.4;
            s[i] = Math.Clamp((y[i] ? 0.3 : 0) + (0.7 * rng.NextDouble()), 0, 1);
        }

        var input = FairnessInput.FromScores(y, s, 0.5, [new SensitiveFeature("g", g)]);
        var options = new FairnessOptions { BootstrapResamples = 200, Seed = 11 };
        var first = FairnessFixtures.Report(input, options);
        var second = FairnessFixtures.Report(input, options with { MaxDegreeOfParallelism = 1 });

        var large = first.Groupings[0].Groups.Single(x => x.Group["g"] == "large");
        var small = first.Groupings[0].Groups.Single(x => x.Group["g"] == "small");
        foreach (var metric in new[] { "selectionRate", "tpr", "auc" })
        {
            Assert.Equal(first.Groupings[0].Groups[0].Ci[metric], second.Groupings[0].Groups[0].Ci[metric]);
        }

        Assert.InRange(large.SelectionRate!.Value, large.Ci["selectionRate"].Low!.Value, large.Ci["selectionRate"].High!.Value);
        Assert.InRange(large.Auc!.Value, large.Ci["auc"].Low!.Value, large.Ci["auc"].High!.Value);
        var width = (GroupMetrics m) => m.Ci["selectionRate"].High!.Value - m.Ci["selectionRate"].Low!.Value;
        Assert.True(width(small) > 2 * width(large));
        var dpd = first.Groupings[0].BetweenGroups.DemographicParityDifference;
        Assert.NotNull(dpd.Interval.Low);
        Assert.True(dpd.Interval.High >= dpd.Value);
    }

    [Fact]
    public void Analyze_GroupAuc_EqualsRankingMetricsOnSubset()
    {
        var rng = new MlOpsPortal.Domain.Statistics.SeededRandom(9);
        var n = 500;
        var y = Enumerable.Range(0, n).Select(_ => rng.NextDouble() < 0.3).ToArray();
        var s = Enumerable.Range(0, n).Select(i => Math.Round(rng.NextDouble() + (y[i] ? 0.2 : 0), 1)).ToArray(); // many ties
        var g = Enumerable.Range(0, n).Select(i => (string?)(i % 3 == 0 ? "x" : "y")).ToArray();
        var report = FairnessFixtures.Report(FairnessInput.FromScores(y, s, 0.5, [new SensitiveFeature("g", g)]), new FairnessOptions { BootstrapResamples = 0 });
        var rows = Enumerable.Range(0, n).Where(i => g[i] == "x").ToArray();
        var expected = RankingMetrics.RocAuc(rows.Select(i => y[i]).ToArray(), rows.Select(i => s[i]).ToArray());
        Assert.Equal(expected!.Value, report.Groupings[0].Groups[0].Auc!.Value, P);
        Assert.Equal(RankingMetrics.RocAuc(y, s)!.Value, report.Overall.Auc!.Value, P);
    }

    [Fact]
    public void Analyze_FeatureLengthMismatch_FailsAsInvalidArgument()
    {
        var input = new FairnessInput([true, false], [true, true], [new SensitiveFeature("g", ["a"])]);
        var result = FairnessAnalyzer.Analyze(input);
        Assert.False(result.IsSuccess);
        Assert.Equal(ErrorCode.InvalidArgument, result.Error.Code);
        Assert.Contains("'g'", result.Error.Message, StringComparison.Ordinal);
    }
}
