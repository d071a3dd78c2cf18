using MlOpsPortal.Domain.Registry;
using MlOpsPortal.Web.Components.Pages.Fairness;

namespace MlOpsPortal.Web.Tests.Components.Fairness;

public sealed class FairnessSummaryViewModelTests
{
    [Fact]
    public void Checks_PolicyWithMinAndMax_SaysWithinOrOutsideAndByHowMuch()
    {
        var policy = new PromotionPolicy
        {
            FairnessDataset = "adult",
            FairnessThresholds = [new FairnessThreshold("aif360.disparateImpact", Min: 0.8), new FairnessThreshold("demographicParityDifference", Max: 0.25)],
        };

        var vm = new FairnessSummaryViewModel(FairnessReports.BySex(), "churn", policy);

        var di = vm.Checks.Single(c => c.Metric == "aif360.disparateImpact");
        Assert.Equal(PolicyVerdict.Outside, di.Verdict);
        Assert.Equal(0.8 - (1 / 3.0), di.By!.Value, 6);
        Assert.Equal("outside, by 0.467", di.VerdictText);
        var dp = vm.Checks.Single(c => c.Metric == "fairlearn.demographicParityDifference");
        Assert.Equal(PolicyVerdict.Within, dp.Verdict);
        Assert.Equal(0.05, dp.By!.Value, 6);
        Assert.Equal("sex", dp.Grouping);
        Assert.Equal(PolicyState.NotMet, vm.State);
        Assert.Equal("Outside churn's fairness policy: 1 of 2 check(s) not met.", vm.Headline);
    }

    [Fact]
    public void Checks_MetricNotInReportAndNoPolicy_SayMissingAndNoPolicy()
    {
        var policy = new PromotionPolicy { FairnessDataset = "adult", FairnessThresholds = [new FairnessThreshold("fairlearn.equalOpportunityRatio", Min: 0.9)] };

        var missing = new FairnessSummaryViewModel(FairnessReports.BySex(), "churn", policy);
        var none = new FairnessSummaryViewModel(FairnessReports.BySex(model: null), null, null);

        Assert.Equal(PolicyVerdict.Missing, Assert.Single(missing.Checks).Verdict);
        Assert.Equal(PolicyState.Incomplete, missing.State);
        Assert.Equal(PolicyState.NoPolicy, none.State);
        Assert.Contains("not tied to a registered model", none.Headline, StringComparison.Ordinal);
    }

    [Fact]
    public void WorstGroups_TwoGroups_NamesTheLowestSelectionRateAgainstTheHighest()
    {
        var vm = new FairnessSummaryViewModel(FairnessReports.BySex(), "churn", null);

        var worst = Assert.Single(vm.WorstGroups);
        Assert.Equal("Female", worst.Group);
        Assert.Equal("Male", worst.BestGroup);
        Assert.Equal("Female: selection rate 0.1 against 0.3 for Male (ratio 0.333)", worst.Text);
    }

    [Theory]
    [InlineData(0.85, 0.8, null, PolicyVerdict.Within, 0.05)]
    [InlineData(0.7, 0.8, null, PolicyVerdict.Outside, 0.1)]
    [InlineData(0.15, null, 0.1, PolicyVerdict.Outside, 0.05)]
    [InlineData(0.5, 0.4, 0.55, PolicyVerdict.Within, 0.05)]
    public void Judge_ValueAgainstBounds_VerdictAndMargin(double value, double? min, double? max, PolicyVerdict verdict, double by)
    {
        var (v, margin) = FairnessSummaryViewModel.Judge(value, min, max);

        Assert.Equal(verdict, v);
        Assert.Equal(by, margin!.Value, 6);
    }

    [Fact]
    public void Judge_UndefinedValue_DoesNotMeetTheThreshold()
    {
        Assert.Equal(PolicyVerdict.Undefined, FairnessSummaryViewModel.Judge(null, 0.8, null).Verdict);
    }
}
