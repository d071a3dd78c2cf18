using MlOpsPortal.Domain.Registry;
using Xunit;

namespace MlOpsPortal.Domain.Tests.Registry;

public class DataQualityGateTests
{
    private static GateResult Gate(DataQualityEvidence? evidence, bool blocking = true)
    {
        var policy = PromotionPolicy.Default with { BlockingGates = blocking ? [GateKind.DataQuality] : [] };
        var input = new GateInput(2, new Dictionary<string, double>(), ModelCardStatus.Approved, null, null, DataQuality: evidence);
        return GateEvaluator.Evaluate(policy, input).Single(g => g.Gate == GateKind.DataQuality);
    }

    [Fact]
    public void Evaluate_TrainingDataFailsBlockingRule_GateFailsAndBlocksWithFindingsAndLink()
    {
        var gate = Gate(new DataQualityEvidence("churn", 3, "failing", ["blocking: maxMissingShare(age) — Column 'age' is missing in 30 % of rows"]));

        Assert.Equal(GateOutcome.Failed, gate.Outcome);
        Assert.True(gate.Blocks);
        Assert.Contains("maxMissingShare(age)", gate.Evidence.Single(), StringComparison.Ordinal);
        Assert.Equal("/datasets/churn/versions/3?tab=quality", gate.Links!.Single().Href);
    }

    [Fact]
    public void Evaluate_WarningsOnly_Passes_NoRules_NotConfigured_NoTrainingData_NoEvidence()
    {
        Assert.Equal(GateOutcome.Passed, Gate(new DataQualityEvidence("churn", 3, "warning", ["warning: schemaChange — added 'x'"])).Outcome);
        Assert.Equal(GateOutcome.Passed, Gate(new DataQualityEvidence("churn", 3, "passed", [])).Outcome);
        Assert.Equal(GateOutcome.NotConfigured, Gate(new DataQualityEvidence("churn", 3, "none", [])).Outcome);
        Assert.Equal(GateOutcome.NoEvidence, Gate(null).Outcome);
        Assert.False(Gate(null, blocking: false).Blocks);
    }
}
