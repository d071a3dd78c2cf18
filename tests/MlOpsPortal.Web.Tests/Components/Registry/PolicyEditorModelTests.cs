using MlOpsPortal.Domain.Registry;
using MlOpsPortal.Web.Components.Pages.Registry;

namespace MlOpsPortal.Web.Tests.Components.Registry;

public sealed class PolicyEditorModelTests
{
    [Fact]
    public void Validate_DefaultPolicy_NoProblems()
    {
        Assert.Empty(PolicyEditorModel.From(PromotionPolicy.Default).Validate());
    }

    [Fact]
    public void Validate_BadFields_ProblemsInPlainWordsPerField()
    {
        var form = PolicyEditorModel.From(PromotionPolicy.Default);
        form.Approvals = 0;
        form.ExpiryHours = 0;
        form.Metrics.Add(new PolicyEditorModel.MetricRow { Metric = "roc_auc" });
        form.Fairness.Add(new PolicyEditorModel.FairnessRow { Metric = "aif360.disparateImpact", Min = 0.8 });

        var problems = form.Validate();

        Assert.Equal("Ask for between 1 and 10 approvals.", problems["approvals"]);
        Assert.Contains("more than 0 hours", problems["expiry"], StringComparison.Ordinal);
        Assert.Equal("Give roc_auc a minimum, or a minimum improvement over the current version.", problems["metric-0"]);
        Assert.Contains("Choose the dataset", problems["fairness-dataset"], StringComparison.Ordinal);
        Assert.False(problems.ContainsKey("fairness-0"));
        Assert.DoesNotContain(problems.Values, p => p.Contains("requiredApprovals", StringComparison.Ordinal) || p.Contains("fairnessDataset", StringComparison.Ordinal));
    }

    [Fact]
    public void ToPolicy_RoundTrip_KeepsEveryField()
    {
        var policy = new PromotionPolicy
        {
            RequiredApprovals = 2,
            ExpiryHours = 24,
            HoldoutDataset = "adult-test",
            FairnessDataset = "adult-test",
            BlockingGates = [GateKind.Fairness, GateKind.ModelCard],
            MetricThresholds = [new MetricThreshold("roc_auc", 0.8)],
            FairnessThresholds = [new FairnessThreshold("aif360.disparateImpact", 0.8, null, "sex")],
        };

        var back = PolicyEditorModel.From(policy).ToPolicy();

        Assert.Equal(2, back.RequiredApprovals);
        Assert.Equal([GateKind.Fairness, GateKind.ModelCard], back.BlockingGates);
        Assert.Equal("sex", Assert.Single(back.FairnessThresholds).Grouping);
        Assert.Equal(0.8, Assert.Single(back.MetricThresholds).Threshold);
    }
}
