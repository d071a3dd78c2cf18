using MlOpsPortal.Domain.Training;
using MlOpsPortal.Engines.Packaging;
using MlOpsPortal.Engines.XGBoost;
using MlOpsPortal.Infrastructure.Training;

namespace MlOpsPortal.Infrastructure.Tests.Training;

public sealed class TrainingRunnerTests
{
    private static readonly TrainingRunner Runner = new(new XGBoostTrainer(2), new ModelPackageBuilder(TimeProvider.System));

    [Fact]
    public async Task Run_AdultMinimalSpec_ReachesPublishedQualityOnTestSet()
    {
        var inputs = new TrainingInputs(await TrainingTestData.AdultTrainAsync(), Test: await TrainingTestData.AdultTestAsync());
        var progress = new List<TrainingProgressEvent>();
        var outcome = Runner.Run(inputs, new TrainingSpec { Label = "income", PositiveClass = ">50K" }, progress.Add, CancellationToken.None);

        Assert.True(outcome.IsSuccess, outcome.Error?.Message);
        var result = outcome.Value;
        Assert.Equal(TrainingTask.Binary, result.Task);
        Assert.True(result.Metrics["test_roc_auc"] >= 0.92, $"test AUC {result.Metrics["test_roc_auc"]}");
        Assert.True(result.Metrics["test_accuracy"] >= 0.865, $"test accuracy {result.Metrics["test_accuracy"]}");
        foreach (var key in new[] { "test_precision", "test_recall", "test_f1", "test_log_loss", "validation_roc_auc", "validation_accuracy" })
        {
            Assert.True(result.Metrics.ContainsKey(key), key);
        }

        Assert.Contains(result.History, h => h.Values.ContainsKey("validation_auc"));
        Assert.True(result.History[^1].Values["validation_auc"] > result.History[0].Values["validation_auc"]);
        Assert.Equal(">50K", result.Params["positive_class"]);
        Assert.Contains(progress, p => p.Iteration is not null);
        Assert.True(progress.Select(p => p.Fraction).SequenceEqual(progress.Select(p => p.Fraction).Order()));
        Assert.NotEmpty(result.Package.Onnx);
        Assert.NotNull(result.Package.NativeModel);

        // The zip the job stores is this package: it reads back with every digest checked and the same content hash.
        using var zip = new MemoryStream(result.PackageZip);
        var stored = await ModelPackageStore.ReadZipAsync(zip);
        Assert.Equal(result.Package.ContentHash, stored.ContentHash);
        Assert.Equal(result.Package.Onnx, stored.Onnx);
    }

    [Fact]
    public async Task Run_GbLinear_SucceedsWithCoefficientImportance()
    {
        var inputs = new TrainingInputs(await TrainingTestData.GermanAsync());
        var outcome = Runner.Run(inputs, new TrainingSpec { Label = "credit", PositiveClass = "2", Algorithm = XGBoostBoosterKind.GbLinear, Rounds = 20 }, null, CancellationToken.None);

        Assert.True(outcome.IsSuccess, outcome.Error?.Message);
        Assert.Equal("gblinear", outcome.Value.Params["booster"]);
        Assert.NotEmpty(outcome.Value.Importance);
    }

    [Fact]
    public async Task Run_GermanCreditKFold_LogsMeanAndStdAcrossFolds()
    {
        var spec = new TrainingSpec { Label = "credit", PositiveClass = "2", Validation = ValidationKind.KFold, Folds = 3, Rounds = 30, Imbalance = ImbalanceHandling.BalancedWeights };
        var outcome = Runner.Run(new TrainingInputs(await TrainingTestData.GermanAsync()), spec, null, CancellationToken.None);
        Assert.True(outcome.IsSuccess, outcome.Error?.Message);
        Assert.InRange(outcome.Value.Metrics["cv_roc_auc_mean"], 0.6, 1.0);
        Assert.True(outcome.Value.Metrics["cv_roc_auc_std"] >= 0);
    }

    [Theory]
    [InlineData("salary", null, TrainingTask.Auto, "label column 'salary' is not in the training dataset")]
    [InlineData("income", "rich", TrainingTask.Auto, "positive class 'rich' does not occur")]
    [InlineData("income", null, TrainingTask.Regression, "regression objective needs a numeric label")]
    public async Task Run_BadSpec_FailsWithSpecificReason(string label, string? positive, TrainingTask task, string expected)
    {
        var table = await TrainingTestData.FromTextAsync("age,income\n30,low\n40,high\n50,high\n20,low\n");
        var outcome = Runner.Run(new TrainingInputs(table), new TrainingSpec { Label = label, PositiveClass = positive, Task = task }, null, CancellationToken.None);
        Assert.False(outcome.IsSuccess);
        Assert.Contains(expected, outcome.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_EveryLabelMissing_FailsWithZeroRows()
    {
        var table = await TrainingTestData.FromTextAsync("age,income\n30,?\n40,\n");
        var outcome = Runner.Run(new TrainingInputs(table), new TrainingSpec { Label = "income" }, null, CancellationToken.None);
        Assert.Contains("0 rows remain", outcome.Error?.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_CancelledDuringTraining_StopsWithCancellation()
    {
        var inputs = new TrainingInputs(await TrainingTestData.AdultTrainAsync());
        using var cts = new CancellationTokenSource();
        var rounds = 0;
        Assert.ThrowsAny<OperationCanceledException>(() => Runner.Run(inputs, new TrainingSpec { Label = "income", Rounds = 500, EarlyStoppingRounds = null }, p =>
        {
            if (p.Iteration is not null && ++rounds == 3)
            {
                cts.Cancel();
            }
        }, cts.Token));
        Assert.InRange(rounds, 3, 4);
    }

    [Fact]
    public async Task Run_NumericLabelWithManyValues_DetectsRegression()
    {
        var rows = string.Join('\n', Enumerable.Range(0, 200).Select(i => $"{i},{i % 7},{(i * 2.5) + (i % 7)}"));
        var table = await TrainingTestData.FromTextAsync("x,k,y\n" + rows + "\n");
        var outcome = Runner.Run(new TrainingInputs(table), new TrainingSpec { Label = "y", Rounds = 50 }, null, CancellationToken.None);
        Assert.True(outcome.IsSuccess, outcome.Error?.Message);
        Assert.Equal(TrainingTask.Regression, outcome.Value.Task);
        Assert.True(outcome.Value.Metrics["validation_r2"] > 0.9);
    }
}
