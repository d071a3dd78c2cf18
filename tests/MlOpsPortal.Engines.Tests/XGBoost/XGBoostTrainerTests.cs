using MlOpsPortal.Engines.Features;
using MlOpsPortal.Engines.XGBoost;
using Xunit;

namespace MlOpsPortal.Engines.Tests.XGBoost;

public sealed class XGBoostTrainerTests
{
    private readonly XGBoostTrainer _trainer = new(2);

    [Fact]
    public void Train_WithEvaluationSets_ReportsEveryRoundWithMetricsPerSet()
    {
        var train = SmallData.Binary(400, 1);
        var valid = SmallData.Binary(200, 2);
        var reports = new List<TrainingProgress>();

        using var model = _trainer.Train(
            train,
            SmallData.Fast() with { EvalMetrics = ["logloss", "auc"] },
            [new EvaluationSet("train", train), new EvaluationSet("valid-set", valid)],
            reports.Add);

        Assert.Equal(Enumerable.Range(0, 20), reports.Select(r => r.Iteration));
        var last = reports[^1].Metrics;
        Assert.Equal(4, last.Count);
        Assert.Contains(last, m => m is { DataSet: "valid-set", Metric: "auc" } && m.Value > 0.85);
        Assert.True(reports[^1].Metrics.Single(m => m is { DataSet: "train", Metric: "logloss" }).Value
            < reports[0].Metrics.Single(m => m is { DataSet: "train", Metric: "logloss" }).Value);
    }

    [Fact]
    public void Train_EarlyStopping_StopsAndKeepsBestIteration()
    {
        var train = SmallData.Binary(300, 3);
        var valid = SmallData.Binary(150, 4);
        var options = SmallData.Fast() with { Rounds = 500, LearningRate = 0.5, MaxDepth = 6, EarlyStoppingRounds = 5 };

        using var model = _trainer.Train(train, options, [new EvaluationSet("valid", valid)]);

        var summary = model.Training!;
        Assert.True(summary.RoundsRun < 500, $"ran {summary.RoundsRun} rounds");
        Assert.Equal(summary.BestIteration + 5, summary.RoundsRun - 1);
        var bestLoss = summary.History.Min(h => h.Metrics.Single().Value);
        Assert.Equal(bestLoss, summary.BestScore);
        var treeCount = System.Text.Json.JsonDocument.Parse(model.ToJson()).RootElement
            .GetProperty("learner").GetProperty("gradient_booster").GetProperty("model").GetProperty("trees").GetArrayLength();
        Assert.Equal(summary.BestIteration + 1, treeCount);
    }

    [Fact]
    public void Train_EvaluationPredictions_EqualTheFinalModelsPredictions_BinaryAndMulticlass()
    {
        var train = SmallData.Binary(400, 11);
        var valid = SmallData.Binary(150, 12);
        var other = SmallData.Binary(90, 13);
        using var binary = _trainer.Train(train, SmallData.Fast() with { Rounds = 30 }, [new EvaluationSet("valid", valid), new EvaluationSet("other", other)]);
        var kept = binary.Training!.EvaluationPredictions!;
        Assert.Equal(2, kept.Count);
        Assert.Equal(binary.PredictValues(valid.Features), kept[0], (a, b) => Math.Abs(a - b) < 1e-6);
        Assert.Equal(binary.PredictValues(other.Features), kept[1], (a, b) => Math.Abs(a - b) < 1e-6);

        var labels = train.Labels.Select((l, r) => (float)(r % 3)).ToArray();
        var multiData = train with { Labels = labels };
        using var multi = _trainer.Train(
            multiData, SmallData.Fast(XGBoostObjective.MultiSoftprob) with { Rounds = 10 }, [new EvaluationSet("train", multiData)]);
        Assert.Equal(multi.PredictValues(train.Features), multi.Training!.EvaluationPredictions![0], (a, b) => Math.Abs(a - b) < 1e-6);
    }

    [Fact]
    public void Train_EarlyStopped_KeepsNoEvaluationPredictions_TheSlicedModelDiffersFromTheLastRound()
    {
        var options = SmallData.Fast() with { Rounds = 500, LearningRate = 0.5, MaxDepth = 6, EarlyStoppingRounds = 5 };
        using var model = _trainer.Train(SmallData.Binary(300, 3), options, [new EvaluationSet("valid", SmallData.Binary(150, 4))]);
        Assert.Null(model.Training!.EvaluationPredictions);
    }

    [Fact]
    public void Train_CancelledAfterThirdRound_ThrowsOperationCanceled()
    {
        using var cts = new CancellationTokenSource();
        var rounds = 0;

        Assert.ThrowsAny<OperationCanceledException>(() => _trainer.Train(
            SmallData.Binary(200, 5),
            SmallData.Fast() with { Rounds = 1000 },
            [new EvaluationSet("train", SmallData.Binary(200, 5))],
            p =>
            {
                rounds = p.Iteration + 1;
                if (rounds == 3)
                {
                    cts.Cancel();
                }
            },
            cts.Token));
        Assert.Equal(3, rounds);
    }

    [Fact]
    public void Train_SameSeedAndData_GivesIdenticalModels()
    {
        var data = SmallData.Binary(500, 6);
        var options = SmallData.Fast() with { Subsample = 0.7, ColsampleByTree = 0.8, Seed = 42 };

        using var a = _trainer.Train(data, options);
        using var b = _trainer.Train(data, options);
        using var c = _trainer.Train(data, options with { Seed = 43 });

        Assert.Equal(a.ToJson(), b.ToJson());
        Assert.NotEqual(a.ToJson(), c.ToJson());
    }

    [Fact]
    public void Train_ZeroWeightRows_AreIgnored()
    {
        var data = SmallData.Binary(300, 7);
        var keep = Enumerable.Range(0, 300).Where(r => r % 3 != 0).ToArray();
        var weights = Enumerable.Range(0, 300).Select(r => r % 3 == 0 ? 0f : 1f).ToArray();
        var subset = new XGBoostDataset(data.Features.SelectRows(keep), keep.Select(r => data.Labels[r]).ToArray());
        var probe = SmallData.Binary(50, 8).Features;

        using var weighted = _trainer.Train(data with { Weights = weights }, SmallData.Fast());
        using var filtered = _trainer.Train(subset, SmallData.Fast());
        using var unweighted = _trainer.Train(data, SmallData.Fast());

        var p1 = weighted.PredictProbabilities(probe);
        var p2 = filtered.PredictProbabilities(probe);
        Assert.Equal(p2, p1, (x, y) => Math.Abs(x - y) < 1e-4f);
        Assert.NotEqual(unweighted.PredictProbabilities(probe), p1);
    }

    [Fact]
    public void Train_Multiclass_ProbabilitiesSumToOneAndClassesMatchArgMax()
    {
        var random = new Random(9);
        var rows = 600;
        var values = Enumerable.Range(0, rows * 2).Select(_ => (float)random.NextDouble()).ToArray();
        var labels = Enumerable.Range(0, rows).Select(r => (float)(values[2 * r] < 0.33 ? 0 : values[2 * r] < 0.66 ? 1 : 2)).ToArray();
        var data = new XGBoostDataset(new FeatureMatrix(values, rows, ["a", "b"]), labels);

        using var model = _trainer.Train(data, SmallData.Fast(XGBoostObjective.MultiSoftprob));
        var probabilities = model.PredictProbabilities(data.Features);
        var classes = model.PredictClasses(data.Features);

        Assert.Equal(3, model.ClassCount);
        for (var r = 0; r < rows; r++)
        {
            Assert.Equal(1f, probabilities[(3 * r)] + probabilities[(3 * r) + 1] + probabilities[(3 * r) + 2], 4);
        }

        Assert.True(classes.Where((c, r) => c == labels[r]).Count() > rows * 0.95);
    }

    [Fact]
    public void Train_GbLinearRegression_RecoversLinearCoefficients()
    {
        var random = new Random(10);
        var rows = 500;
        var values = Enumerable.Range(0, rows * 2).Select(_ => (float)random.NextDouble()).ToArray();
        var labels = Enumerable.Range(0, rows).Select(r => (3 * values[2 * r]) - (2 * values[(2 * r) + 1]) + 1).ToArray();
        var data = new XGBoostDataset(new FeatureMatrix(values, rows, ["a", "b"]), labels);

        using var model = _trainer.Train(data, new XGBoostTrainingOptions { Booster = XGBoostBoosterKind.GbLinear, Objective = XGBoostObjective.RegSquaredError, Rounds = 300, LearningRate = 0.5, Lambda = 0, ThreadCount = 2 });
        var predicted = model.PredictValues(data.Features);

        var rmse = Math.Sqrt(predicted.Select((p, r) => Math.Pow(p - labels[r], 2)).Average());
        Assert.True(rmse < 0.05, $"RMSE {rmse}");
        var weights = model.GetFeatureImportance(ImportanceType.Weight);
        Assert.Equal("a", weights[0].Feature);
    }

    [Fact]
    public void ExplainSample_BinaryModel_ContributionsSumToMargin()
    {
        var data = SmallData.Binary(400, 11);
        using var model = _trainer.Train(data, SmallData.Fast());

        var shap = model.ExplainSample(data.Features, maxRows: 25, seed: 3);
        var margins = model.PredictMargins(data.Features);

        Assert.Equal(25, shap.RowIndices.Count);
        Assert.Equal(shap.RowIndices.Order(), shap.RowIndices);
        for (var i = 0; i < shap.RowIndices.Count; i++)
        {
            var sum = Enumerable.Range(0, data.Features.Columns + 1).Sum(f => shap[i, 0, f]);
            Assert.Equal(margins[shap.RowIndices[i]], sum, 3);
        }

        var meanAbs = Enumerable.Range(0, data.Features.Columns).Select(f => Enumerable.Range(0, 25).Average(i => Math.Abs(shap[i, 0, f]))).ToArray();
        Assert.Equal(0, Array.IndexOf(meanAbs, meanAbs.Max()));
    }

    [Fact]
    public void Load_SavedJson_PredictsIdentically()
    {
        var data = SmallData.Binary(300, 12);
        using var model = _trainer.Train(data, SmallData.Fast());

        using var loaded = XGBoostModel.Load(model.ToJson(), data.Features.FeatureNames, threadCount: 1);

        Assert.Equal(model.PredictProbabilities(data.Features), loaded.PredictProbabilities(data.Features));
        Assert.Equal(XGBoostObjective.BinaryLogistic, loaded.Info.Objective);
        Assert.Null(loaded.Training);
    }

    [Fact]
    public void Train_GbLinearEarlyStopping_ReturnsBestRoundSnapshot()
    {
        var train = SmallData.Binary(300, 13);
        var valid = SmallData.Binary(150, 14);
        var options = new XGBoostTrainingOptions { Booster = XGBoostBoosterKind.GbLinear, Rounds = 400, LearningRate = 0.9, EarlyStoppingRounds = 3, ThreadCount = 2 };

        using var model = _trainer.Train(train, options, [new EvaluationSet("valid", valid)]);
        using var replay = _trainer.Train(train, options with { Rounds = model.Training!.BestIteration + 1, EarlyStoppingRounds = null });

        Assert.True(model.Training.RoundsRun < 400);
        Assert.Equal(replay.PredictProbabilities(valid.Features), model.PredictProbabilities(valid.Features));
    }

    [Fact]
    public void ExplainSample_Multiclass_HasOneContributionSetPerClass()
    {
        var random = new Random(15);
        var rows = 300;
        var values = Enumerable.Range(0, rows * 2).Select(_ => (float)random.NextDouble()).ToArray();
        var labels = Enumerable.Range(0, rows).Select(r => (float)(values[2 * r] < 0.33 ? 0 : values[2 * r] < 0.66 ? 1 : 2)).ToArray();
        var data = new XGBoostDataset(new FeatureMatrix(values, rows, ["a", "b"]), labels);
        using var model = _trainer.Train(data, SmallData.Fast(XGBoostObjective.MultiSoftprob));

        var shap = model.ExplainSample(data.Features, maxRows: 10);
        var margins = model.PredictMargins(data.Features);

        Assert.Equal(3, shap.Groups);
        Assert.Equal(10 * 3 * 3, shap.Values.Length);
        for (var g = 0; g < 3; g++)
        {
            var row = shap.RowIndices[0];
            Assert.Equal(margins[(row * 3) + g], shap[0, g, 0] + shap[0, g, 1] + shap.Bias(0, g), 3);
        }
    }
}
