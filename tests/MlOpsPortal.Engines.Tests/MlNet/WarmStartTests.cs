using MlOpsPortal.Engines.Features;
using MlOpsPortal.Engines.MlNet;
using MlOpsPortal.Engines.Tests.Features;
using MlOpsPortal.Engines.XGBoost;
using Xunit;

namespace MlOpsPortal.Engines.Tests.MlNet;

public sealed class WarmStartTests
{
    [Theory]
    [InlineData(XGBoostBoosterKind.GbTree)]
    [InlineData(XGBoostBoosterKind.GbLinear)]
    public void XGBoost_ContinuedForZeroRounds_ScoresExactlyLikeItsBase(XGBoostBoosterKind booster)
    {
        var (features, labels) = Data();
        var trainer = new XGBoostTrainer(2);
        var options = new XGBoostTrainingOptions { Booster = booster, Rounds = 10 };
        using var baseModel = trainer.Train(new XGBoostDataset(features, labels), options);

        using var continued = trainer.Train(new XGBoostDataset(features, labels), options with { Rounds = 0 }, baseModel.ToJson(), null, null, CancellationToken.None);

        Assert.Equal(baseModel.PredictValues(features), continued.PredictValues(features));
    }

    [Fact]
    public void XGBoost_ContinuedForMoreRounds_KeepsTheBaseTreesAndAddsNewOnes()
    {
        var (features, labels) = Data();
        var trainer = new XGBoostTrainer(2);
        var options = new XGBoostTrainingOptions { Rounds = 10 };
        using var baseModel = trainer.Train(new XGBoostDataset(features, labels), options);
        using var fresh20 = trainer.Train(new XGBoostDataset(features, labels), options with { Rounds = 20 });

        using var continued = trainer.Train(new XGBoostDataset(features, labels), options, baseModel.ToJson(), null, null, CancellationToken.None);

        Assert.Contains("\"num_trees\":\"20\"", System.Text.Encoding.UTF8.GetString(continued.ToJson()), StringComparison.Ordinal);
        // Same data, same parameters: ten rounds on top of ten are the same model as twenty from scratch.
        var a = continued.PredictValues(features);
        var b = fresh20.PredictValues(features);
        Assert.True(Enumerable.Range(0, a.Length).Max(i => Math.Abs(a[i] - b[i])) < 1e-5);
    }

    [Fact]
    public void MlNetLbfgs_ContinuedForZeroIterations_ScoresExactlyLikeItsBase_AndMoreIterationsStartFromItsWeights()
    {
        var (features, labels) = Data();
        var options = new MlNetTrainingOptions { Algorithm = MlNetAlgorithm.Lbfgs, Task = MlNetTask.Binary, MaximumNumberOfIterations = 5 };
        var baseModel = MlNetTrainer.Train(features, labels, null, options);
        var reloaded = MlNetModel.Load(baseModel.Save(), baseModel.FeatureNames, options);

        var same = MlNetTrainer.Train(features, labels, null, options with { MaximumNumberOfIterations = 0 }, reloaded);
        var more = MlNetTrainer.Train(features, labels, null, options with { MaximumNumberOfIterations = 50 }, reloaded);

        Assert.Equal(baseModel.PredictValues(features), same.PredictValues(features));
        Assert.NotEqual(baseModel.PredictValues(features), more.PredictValues(features));
    }

    [Fact]
    public void MlNet_WarmStartOfATreeTrainer_RefusedWithAReason()
    {
        var (features, labels) = Data();
        var options = new MlNetTrainingOptions { Algorithm = MlNetAlgorithm.FastTree, Task = MlNetTask.Binary, NumberOfTrees = 5 };
        var baseModel = MlNetTrainer.Train(features, labels, null, options);

        var error = Assert.Throws<TrainingDataException>(() => MlNetTrainer.Train(features, labels, null, options, baseModel));

        Assert.Contains("L-BFGS", error.Message, StringComparison.Ordinal);
    }

    private static (FeatureMatrix Features, float[] Labels) Data()
    {
        var (table, target) = TabularTestData.Synthetic(2000, 7, multiclass: false);
        var pipeline = FeaturePipeline.Fit(table.Schema, table.Frame);
        return (pipeline.Transform(table.Frame), target.Select(t => t > 0.5f ? 1f : 0f).ToArray());
    }
}
