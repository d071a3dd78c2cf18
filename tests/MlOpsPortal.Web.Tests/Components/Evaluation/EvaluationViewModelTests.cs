using System.Text.Json;
using MlOpsPortal.Domain.Evaluation;
using MlOpsPortal.Infrastructure.Evaluation;
using MlOpsPortal.Web.Components.Pages.Evaluation;

namespace MlOpsPortal.Web.Tests.Components.Evaluation;

public sealed class EvaluationViewModelTests
{
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    [Fact]
    public void Roc_WithChampionOnTheSameData_DrawsBothCurvesAndTheDiagonal()
    {
        var mine = Binary(0.81, [(0, 0), (0.2, 0.7), (1, 1)]);
        var champion = new ChampionEvaluation("churn", 2, "champion", Dto(Binary(0.78, [(0, 0), (0.3, 0.6), (1, 1)])));

        var roc = new EvaluationViewModel(Dto(mine), champion).Roc();

        Assert.Equal(["this evaluation (AUC 0.81)", "champion: churn v2 (AUC 0.78)", "chance"], roc.Select(s => s.Name));
        Assert.Equal([0d, 0.2, 1d], roc[0].X.Cast<double>());
        Assert.Equal([0d, 0.7, 1d], roc[0].Y);
        Assert.True(roc[2].Dashed);
    }

    [Fact]
    public void Calibration_WithoutChampion_SkipsEmptyBinsAndAddsThePerfectLine()
    {
        var vm = new EvaluationViewModel(Dto(Binary(0.8, [(0, 0), (1, 1)])), null);

        var calibration = vm.Calibration();

        Assert.Equal(2, calibration.Count);
        Assert.Equal([0.15, 0.8], calibration[0].X.Cast<double>());
        Assert.Equal("perfectly calibrated", calibration[1].Name);
        Assert.Null(vm.ChampionLabel);
    }

    [Fact]
    public void Curves_RegressionEvaluation_NoSeries()
    {
        var dto = new EvaluationDto(Guid.NewGuid(), Guid.NewGuid(), "run1", "adult@v1", "regression", 0.5, 100,
            new Dictionary<string, double?> { ["rmse"] = 1.2 }, JsonSerializer.SerializeToElement(new { }), new string('a', 64), DateTimeOffset.UnixEpoch);

        Assert.Empty(new EvaluationViewModel(dto, null).Roc());
    }

    private static BinaryEvaluation Binary(double auc, (double Fpr, double Tpr)[] roc) => new(
        0.5, new ConfusionCounts(10, 5, 80, 5), auc, 0.6, 0.4, 0.1,
        roc.Select(p => new RocPoint(0.5, p.Fpr, p.Tpr)).ToList(),
        [new PrecisionRecallPoint(0.5, 0.7, 0.6), new PrecisionRecallPoint(null, 1, 0)],
        [new CalibrationBin(0, 0.3, 40, 0.15, 0.1), new CalibrationBin(0.3, 0.6, 0, null, null), new CalibrationBin(0.6, 1, 60, 0.8, 0.75)],
        []);

    private static EvaluationDto Dto(BinaryEvaluation b) => new(Guid.NewGuid(), Guid.NewGuid(), "run-" + b.RocAuc, "adult@v1", "binary", 0.5, 100,
        new Dictionary<string, double?> { ["roc_auc"] = b.RocAuc }, JsonSerializer.SerializeToElement(b, Web), new string('a', 64), DateTimeOffset.UnixEpoch);
}
