using MlOpsPortal.Engines.MlNet;
using Xunit;
using Xunit.Abstractions;

namespace MlOpsPortal.Engines.Tests.MlNet;

[Collection(MlNetAdultGroup.Name)]
public sealed class MlNetExplainerTests(MlNetAdultFixture adult, ITestOutputHelper output)
{
    private static readonly string[] StrongAdultFeatures =
        ["capital-gain", "marital-status=Married-civ-spouse", "relationship=Husband", "education-num", "age", "capital-loss", "hours-per-week"];

    [Theory]
    [InlineData(MlNetAlgorithm.LightGbm)]
    [InlineData(MlNetAlgorithm.Lbfgs)]
    public void FeatureContributions_AdultBinary_OnePerRowAndFeatureLedByKnownDrivers(MlNetAlgorithm algorithm)
    {
        var data = adult.Data(MlNetTask.Binary);
        var model = adult.Model(algorithm, MlNetTask.Binary);
        var rows = data.TestFeatures.SelectRows(Enumerable.Range(0, 500).ToArray());

        var contributions = MlNetExplainer.FeatureContributions(model, rows);

        Assert.Equal(500 * rows.Columns, contributions.Values.Length);
        Assert.All(contributions.Values, v => Assert.True(float.IsFinite(v)));
        var top = Enumerable.Range(0, rows.Columns)
            .OrderByDescending(f => Enumerable.Range(0, 500).Average(r => Math.Abs(contributions[r, f])))
            .Take(5).Select(f => contributions.FeatureNames[f]).ToList();
        output.WriteLine($"{algorithm} top contributions: {string.Join(", ", top)}");
        Assert.Contains(top, StrongAdultFeatures.Contains);
    }

    [Fact]
    public void PermutationImportance_AdultBinaryLightGbm_DropsAucMostForKnownDrivers()
    {
        var data = adult.Data(MlNetTask.Binary);
        var model = adult.Model(MlNetAlgorithm.LightGbm, MlNetTask.Binary);
        var rows = Enumerable.Range(0, 2000).ToArray();

        var pfi = MlNetExplainer.PermutationImportance(model, data.TestFeatures.SelectRows(rows), rows.Select(r => data.TestLabels[r]).ToArray(), permutations: 2);

        Assert.Equal("roc_auc", pfi.Metric);
        Assert.Equal(data.TestFeatures.Columns, pfi.MeanDrop.Length);
        var top = Enumerable.Range(0, pfi.MeanDrop.Length).OrderByDescending(f => pfi.MeanDrop[f]).Take(3).Select(f => pfi.FeatureNames[f]).ToList();
        output.WriteLine($"PFI top: {string.Join(", ", top)} ({string.Join(", ", pfi.MeanDrop.OrderDescending().Take(3).Select(d => d.ToString("F4", System.Globalization.CultureInfo.InvariantCulture)))})");
        Assert.True(pfi.MeanDrop.Max() > 0.01, $"largest AUC drop {pfi.MeanDrop.Max()}");
        Assert.Contains(top, StrongAdultFeatures.Contains);
    }

    [Fact]
    public void FeatureContributions_MulticlassModel_RefusedWithAReason()
    {
        var data = adult.Data(MlNetTask.Multiclass);
        var model = adult.Model(MlNetAlgorithm.Lbfgs, MlNetTask.Multiclass);

        var error = Assert.Throws<MlOpsPortal.Engines.XGBoost.TrainingDataException>(() => MlNetExplainer.FeatureContributions(model, data.TestFeatures.SelectRows([0, 1])));

        Assert.Contains("binary and regression", error.Message, StringComparison.Ordinal);
    }
}
