using MlOpsPortal.Engines.Export;
using MlOpsPortal.Engines.Features;
using MlOpsPortal.Engines.Tests.Features;
using MlOpsPortal.Engines.XGBoost;
using Xunit;
using Xunit.Abstractions;

namespace MlOpsPortal.Engines.Tests.Export;

/// <summary>ONNX (raw columns) vs pipeline + XGBoost, on German credit and synthetic data, for every graph shape.</summary>
public sealed class OnnxParityTests(ITestOutputHelper output)
{
    private readonly XGBoostTrainer _trainer = new(2);

    [Theory]
    [InlineData(CategoricalEncoding.Auto, NumericImputation.KeepMissing)]
    [InlineData(CategoricalEncoding.Ordinal, NumericImputation.Median)]
    public void Export_GermanCreditBinary_MatchesXGBoost(CategoricalEncoding encoding, NumericImputation imputation)
    {
        var table = TabularTestData.LoadGermanCredit();
        var pipeline = FeaturePipeline.Fit(table.Schema, table.Frame, new FeaturePipelineOptions { CategoricalEncoding = encoding, NumericImputation = imputation });
        var labels = ClassLabelMap.FitBinary(table.Labels, positiveClass: "2");
        using var model = _trainer.Train(new XGBoostDataset(pipeline.Transform(table.Frame), labels.Encode(table.Labels)), new XGBoostTrainingOptions { Rounds = 100, ThreadCount = 2 });

        AssertParity(pipeline, model, table, OnnxExporter.ProbabilitiesOutput, model.PredictProbabilities);
    }

    [Fact]
    public void Export_SyntheticMulticlassWithUnseenAsMissing_MatchesXGBoost()
    {
        var (train, _) = TabularTestData.Synthetic(1500, 1, multiclass: true);
        var (test, _) = TabularTestData.Synthetic(500, 2, multiclass: true);
        test.Frame.Categorical("color")[0] = "purple";
        var pipeline = FeaturePipeline.Fit(train.Schema, train.Frame, new FeaturePipelineOptions { UnseenCategories = UnseenCategoryPolicy.TreatAsMissing });
        var labels = ClassLabelMap.FitMulticlass(train.Labels);
        using var model = _trainer.Train(new XGBoostDataset(pipeline.Transform(train.Frame), labels.Encode(train.Labels)), new XGBoostTrainingOptions { Objective = XGBoostObjective.MultiSoftprob, Rounds = 60, ThreadCount = 2 });

        AssertParity(pipeline, model, test, OnnxExporter.ProbabilitiesOutput, model.PredictProbabilities);
    }

    [Fact]
    public void Export_SyntheticRegression_MatchesXGBoost()
    {
        var (train, target) = TabularTestData.Synthetic(1500, 3, multiclass: false);
        var (test, _) = TabularTestData.Synthetic(500, 4, multiclass: false);
        var pipeline = FeaturePipeline.Fit(train.Schema, train.Frame);
        using var model = _trainer.Train(new XGBoostDataset(pipeline.Transform(train.Frame), target), new XGBoostTrainingOptions { Objective = XGBoostObjective.RegSquaredError, Rounds = 80, ThreadCount = 2 });

        AssertParity(pipeline, model, test, OnnxExporter.RegressionOutput, model.PredictValues);
    }

    [Theory]
    [InlineData(XGBoostObjective.BinaryLogistic)]
    [InlineData(XGBoostObjective.MultiSoftprob)]
    [InlineData(XGBoostObjective.RegSquaredError)]
    public void Export_GbLinear_MatchesXGBoost(XGBoostObjective objective)
    {
        var (train, target) = TabularTestData.Synthetic(1000, 5, multiclass: objective == XGBoostObjective.MultiSoftprob);
        var (test, _) = TabularTestData.Synthetic(300, 6, multiclass: objective == XGBoostObjective.MultiSoftprob);
        var pipeline = FeaturePipeline.Fit(train.Schema, train.Frame);
        var labels = objective switch
        {
            XGBoostObjective.MultiSoftprob => ClassLabelMap.FitMulticlass(train.Labels).Encode(train.Labels),
            XGBoostObjective.BinaryLogistic => target.Select(t => t > 0.5f ? 1f : 0f).ToArray(),
            _ => target,
        };
        var options = new XGBoostTrainingOptions { Booster = XGBoostBoosterKind.GbLinear, Objective = objective, Rounds = 50, LearningRate = 0.5, ThreadCount = 2 };
        using var model = _trainer.Train(new XGBoostDataset(pipeline.Transform(train.Frame), labels), options);

        Func<FeatureMatrix, float[]> predict = objective == XGBoostObjective.RegSquaredError ? model.PredictValues : model.PredictProbabilities;
        AssertParity(pipeline, model, test, objective == XGBoostObjective.RegSquaredError ? OnnxExporter.RegressionOutput : OnnxExporter.ProbabilitiesOutput, predict);
    }

    [Fact]
    public void Export_ModelWithOtherFeatureCount_ThrowsXGBoostException()
    {
        var (train, target) = TabularTestData.Synthetic(200, 7, multiclass: false);
        var pipeline = FeaturePipeline.Fit(train.Schema, train.Frame);
        using var model = _trainer.Train(SmallDataFor(target), new XGBoostTrainingOptions { Objective = XGBoostObjective.RegSquaredError, Rounds = 5, ThreadCount = 2 });

        Assert.Throws<XGBoostException>(() => OnnxExporter.Export(pipeline, model));
    }

    [Fact]
    public void Export_UnreadableModelJson_ThrowsXGBoostExceptionSayingWhy()
    {
        var (train, target) = TabularTestData.Synthetic(300, 8, multiclass: false);
        var pipeline = FeaturePipeline.Fit(train.Schema, train.Frame);
        using var model = _trainer.Train(new XGBoostDataset(pipeline.Transform(train.Frame), target), new XGBoostTrainingOptions { Objective = XGBoostObjective.RegSquaredError, Rounds = 5, ThreadCount = 2 });
        var json = System.Text.Encoding.UTF8.GetString(model.ToJson());

        var cases = new (string Json, string Reason)[]
        {
            (json[..(json.Length / 2)], "cannot be read for export"),
            (json.Replace("\"tree_info\"", "\"tree_info_renamed\"", StringComparison.Ordinal), "'gradient_booster.model.tree_info' is missing"),
            (json.Replace("\"left_children\"", "\"left_renamed\"", StringComparison.Ordinal), "'tree.left_children' is missing"),
            (json.Replace("\"gbtree\"", "\"dart\"", StringComparison.Ordinal), "booster 'dart' is not supported"),
            ("[1, 2, 3]", "the model should be an object"),
        };
        foreach (var (text, reason) in cases)
        {
            var error = Assert.Throws<XGBoostException>(() => OnnxExporter.Export(pipeline, System.Text.Encoding.UTF8.GetBytes(text)));
            Assert.Contains(reason, error.Message, StringComparison.Ordinal);
        }
    }

    private static XGBoostDataset SmallDataFor(float[] target) =>
        new(new FeatureMatrix(target.Select(t => t * 2).ToArray(), target.Length, ["only"]), target);

    private void AssertParity(FeaturePipeline pipeline, XGBoostModel model, LabeledTable data, string outputName, Func<FeatureMatrix, float[]> native)
    {
        var expected = native(pipeline.Transform(data.Frame));
        using var session = OnnxTestRunner.Open(OnnxExporter.Export(pipeline, model));

        var actual = OnnxTestRunner.Run(session, data.Schema, data.Frame)[outputName].AsFloats();

        var diff = OnnxTestRunner.MaxAbsDifference(actual, expected);
        output.WriteLine($"{outputName}: max |ONNX - XGBoost| = {diff:E2} over {data.Rows} rows");
        Assert.True(diff <= 1e-5f, $"max difference {diff}");
    }
}
