using MlOpsPortal.Domain.Registry;
using Xunit;

namespace MlOpsPortal.Domain.Tests.Registry;

public class GateEvaluatorTests
{
    private static GateInput Input(double? auc, ModelCardStatus card = ModelCardStatus.Approved, double? incumbentAuc = null) => new(
        2,
        auc is { } a ? new Dictionary<string, double> { ["auc"] = a } : new Dictionary<string, double>(),
        card,
        incumbentAuc is null ? null : 1,
        incumbentAuc is { } b ? new Dictionary<string, double> { ["auc"] = b } : null);

    [Fact]
    public void Evaluate_DefaultPolicy_EvaluationAndFairnessNotConfigured_OnlyCardBlocks()
    {
        var gates = GateEvaluator.Evaluate(PromotionPolicy.Default, Input(0.9, ModelCardStatus.Draft));
        Assert.Equal(GateOutcome.NotConfigured, gates.Single(g => g.Gate == GateKind.Evaluation).Outcome);
        Assert.Equal(GateOutcome.NotConfigured, gates.Single(g => g.Gate == GateKind.Fairness).Outcome);
        Assert.Equal(GateOutcome.NotConfigured, gates.Single(g => g.Gate == GateKind.MetricThresholds).Outcome);
        var blocking = GateEvaluator.FailingBlocking(gates);
        Assert.Single(blocking);
        Assert.Contains("ModelCard", blocking[0], StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_PolicyMakesFairnessBlocking_NotConfiguredBlocks()
    {
        var policy = PromotionPolicy.Default with { BlockingGates = [GateKind.Fairness] };
        Assert.Single(GateEvaluator.FailingBlocking(GateEvaluator.Evaluate(policy, Input(0.9))));
    }

    [Fact]
    public void Evaluate_HoldoutConfigured_ReportsNoEvidenceYet()
    {
        var policy = PromotionPolicy.Default with { HoldoutDataset = "adult-holdout" };
        var gate = GateEvaluator.Evaluate(policy, Input(0.9)).Single(g => g.Gate == GateKind.Evaluation);
        Assert.Equal(GateOutcome.NoEvidence, gate.Outcome);
        Assert.False(gate.Blocks);
    }

    [Theory]
    [InlineData(0.86, 0.85, true)] // +0.01 ≥ 0.01
    [InlineData(0.855, 0.85, false)] // +0.005 < 0.01
    public void MetricGate_MinAbsoluteChange_AgainstIncumbent(double candidate, double incumbent, bool passes)
    {
        var policy = new PromotionPolicy { MetricThresholds = [new MetricThreshold("auc", MinAbsoluteChange: 0.01 - 1e-12)], BlockingGates = [GateKind.MetricThresholds] };
        var gate = GateEvaluator.Evaluate(policy, Input(candidate, incumbentAuc: incumbent)).Single(g => g.Gate == GateKind.MetricThresholds);
        Assert.Equal(passes ? GateOutcome.Passed : GateOutcome.Failed, gate.Outcome);
        Assert.Equal(!passes, gate.Blocks);
    }

    [Fact]
    public void MetricGate_LowerIsBetter_RelativeChangeAndCeiling()
    {
        var t = new MetricThreshold("rmse", Threshold: 10, MinRelativeChange: 0.05, HigherIsBetter: false);
        Assert.True(GateEvaluator.Check(t, 9.0, 10.0, 1).Passed); // 10% better, under ceiling
        Assert.False(GateEvaluator.Check(t, 9.8, 10.0, 1).Passed); // 2% better only
        Assert.False(GateEvaluator.Check(t, 11, null, null).Passed); // above ceiling
    }

    [Fact]
    public void MetricGate_NoIncumbent_ChangeThresholdsDoNotApply_AbsoluteDoes()
    {
        var policy = new PromotionPolicy { MetricThresholds = [new MetricThreshold("auc", Threshold: 0.8, MinAbsoluteChange: 0.01)] };
        var gate = GateEvaluator.Evaluate(policy, Input(0.9)).Single(g => g.Gate == GateKind.MetricThresholds);
        Assert.Equal(GateOutcome.Passed, gate.Outcome);
        Assert.Contains(gate.Evidence, e => e.Contains("no version holds the alias", StringComparison.Ordinal));
    }

    [Fact]
    public void MetricGate_CandidateLacksMetric_NoEvidence()
    {
        var policy = new PromotionPolicy { MetricThresholds = [new MetricThreshold("auc", Threshold: 0.8)], BlockingGates = [GateKind.MetricThresholds] };
        var gate = GateEvaluator.Evaluate(policy, Input(null)).Single(g => g.Gate == GateKind.MetricThresholds);
        Assert.Equal(GateOutcome.NoEvidence, gate.Outcome);
        Assert.True(gate.Blocks);
    }

    [Fact]
    public void Policy_Validate_ReportsBadValues()
    {
        var policy = new PromotionPolicy { RequiredApprovals = 0, ExpiryHours = 0, MetricThresholds = [new MetricThreshold("auc")] };
        Assert.Equal(3, policy.Validate().Count());
        Assert.Empty(PromotionPolicy.Default.Validate());
    }

    [Fact]
    public void HoldoutGates_UseEvaluationRecords_NotVersionMetrics_AndCompareOnTheSameDataset()
    {
        var policy = new PromotionPolicy
        {
            HoldoutDataset = "adult-test",
            BlockingGates = [GateKind.Evaluation, GateKind.MetricThresholds],
            MetricThresholds = [new MetricThreshold("test_roc_auc", Threshold: 0.85, MinAbsoluteChange: 0.0)],
        };
        var candidate = new EvaluationEvidence(Guid.NewGuid(), "adult-test@v2", 16281, DateTimeOffset.UnixEpoch, new Dictionary<string, double> { ["roc_auc"] = 0.90 });
        var incumbent = new EvaluationEvidence(Guid.NewGuid(), "adult-test@v2", 16281, DateTimeOffset.UnixEpoch, new Dictionary<string, double> { ["roc_auc"] = 0.92 });

        // The version's own (training-time) metric says 0.99; the gate must read the holdout record (0.90 < 0.92).
        var input = new GateInput(2, new Dictionary<string, double> { ["test_roc_auc"] = 0.99 }, ModelCardStatus.Approved, 1,
            new Dictionary<string, double> { ["test_roc_auc"] = 0.5 }, null, candidate, incumbent);
        var gates = GateEvaluator.Evaluate(policy, input);
        var evaluation = gates.Single(g => g.Gate == GateKind.Evaluation);
        Assert.Equal(GateOutcome.Passed, evaluation.Outcome);
        Assert.Equal($"/evaluations/{candidate.Id}", Assert.Single(evaluation.Links!).Href);
        var metric = gates.Single(g => g.Gate == GateKind.MetricThresholds);
        Assert.Equal(GateOutcome.Failed, metric.Outcome);
        Assert.Contains("on adult-test@v2", metric.Summary, StringComparison.Ordinal);
        Assert.Equal(2, metric.Links!.Count);

        // Without a holdout record the same policy has no evidence for either gate, whatever the version says.
        var missing = GateEvaluator.Evaluate(policy, input with { CandidateEvaluation = null, IncumbentEvaluation = null });
        Assert.All(missing.Where(g => g.Gate is GateKind.Evaluation or GateKind.MetricThresholds), g => Assert.Equal(GateOutcome.NoEvidence, g.Outcome));
        Assert.Equal(2, GateEvaluator.FailingBlocking(missing).Count);
    }

    [Fact]
    public void HoldoutMetricGate_IncumbentNotEvaluatedOnThatData_SaysSo_AndAbsoluteFloorStillApplies()
    {
        var policy = new PromotionPolicy
        {
            HoldoutDataset = "adult-test",
            MetricThresholds = [new MetricThreshold("roc_auc", Threshold: 0.95, MinRelativeChange: 0.01)],
        };
        var candidate = new EvaluationEvidence(Guid.NewGuid(), "adult-test@v1", 100, DateTimeOffset.UnixEpoch, new Dictionary<string, double> { ["roc_auc"] = 0.93 });
        var gate = GateEvaluator.Evaluate(policy, new GateInput(3, new Dictionary<string, double>(), ModelCardStatus.Draft, 2, null, null, candidate, null))
            .Single(g => g.Gate == GateKind.MetricThresholds);
        Assert.Equal(GateOutcome.Failed, gate.Outcome);
        Assert.Contains(gate.Evidence, e => e.Contains("version 2 holds the alias but has no evaluation on adult-test@v1", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("test_roc_auc", 0.9)]
    [InlineData("validation_roc_auc", 0.9)]
    [InlineData("roc_auc", 0.9)]
    [InlineData("test_accuracy", null)]
    public void Lookup_RunMetricNamesReadEvaluationNames(string name, double? expected) =>
        Assert.Equal(expected, GateEvaluator.Lookup(new Dictionary<string, double> { ["roc_auc"] = 0.9 }, name));
}
