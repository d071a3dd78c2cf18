using MlOpsPortal.Engines.Packaging;
using MlOpsPortal.Engines.XGBoost;
using MlOpsPortal.Infrastructure.Training;

namespace MlOpsPortal.Infrastructure.Tests.Training;

public sealed class TrainingMitigationTests
{
    private static readonly TrainingRunner Runner = new(new XGBoostTrainer(2), new ModelPackageBuilder(TimeProvider.System));

    [Fact]
    public async Task Run_GermanWithReweighingOnPersonalStatus_TrainsWithWeightsAndRecordsTheOption()
    {
        var table = await TrainingTestData.GermanAsync();
        var spec = new TrainingSpec { Label = "credit", PositiveClass = "1", Rounds = 20, Reweighing = new ReweighingOption("personal_status") };

        var applied = TrainingMitigation.Apply(spec, table);
        var outcome = Runner.Run(new TrainingInputs(table), spec, null, CancellationToken.None);

        Assert.True(applied.IsSuccess, applied.Error?.Message);
        Assert.Equal(table.RowCount, applied.Value.SampleWeights!.Count);
        Assert.True(applied.Value.SampleWeights.Distinct().Count() > 1);
        Assert.True(outcome.IsSuccess, outcome.Error?.Message);
        Assert.Equal("reweighing", outcome.Value.Params["mitigation"]);
        Assert.Equal("personal_status", outcome.Value.Params["reweighing_feature"]);
    }

    [Fact]
    public async Task Apply_WithoutPositiveClass_FailsWithReason()
    {
        var table = await TrainingTestData.GermanAsync();
        var result = TrainingMitigation.Apply(new TrainingSpec { Label = "credit", Reweighing = new ReweighingOption("age", [25]) }, table);

        Assert.False(result.IsSuccess);
        Assert.Contains("positive class", result.Error.Message, StringComparison.Ordinal);
    }
}
