using MlOpsPortal.Application.Fairness;
using MlOpsPortal.Domain.Registry;
using MlOpsPortal.Web.Components.Pages.Fairness;

namespace MlOpsPortal.Web.Tests.Components.Fairness;

public sealed class FairnessChartModelTests
{
    [Fact]
    public void Charts_PolicyOnDisparities_BandsTheSelectionRateFromTheHighestGroupDown()
    {
        var policy = new PromotionPolicy
        {
            FairnessDataset = "adult",
            FairnessThresholds = [new FairnessThreshold("demographicParityDifference", Max: 0.1), new FairnessThreshold("aif360.disparateImpact", Min: 0.8)],
        };

        var charts = FairnessChartModel.Charts(new FairnessReportView(FairnessReports.BySex()), "sex", policy);

        var selection = charts.Single(c => c.Metric == "selectionRate");
        Assert.Equal(["Female", "Male"], selection.Bars.Select(b => b.Group));
        Assert.Equal([0.10, 0.30], selection.Bars.Select(b => b.Value!.Value));
        // DP ≤ 0.1 allows [0.2, 0.3]; DI ≥ 0.8 allows [0.24, 0.3]: the tighter one wins.
        Assert.NotNull(selection.Band);
        Assert.Equal(0.24, selection.Band.Low, 6);
        Assert.Equal(0.30, selection.Band.High, 6);
        Assert.Equal("policy: aif360.disparateImpact ≥ 0.8", selection.Band.Label);
        Assert.Null(charts.Single(c => c.Metric == "fpr").Band);
        Assert.Equal("chart-sex-selectionRate", selection.Id);
    }

    [Fact]
    public void Band_Aif360DifferenceAsNegativeMinimum_UsesItsMagnitude()
    {
        var policy = new PromotionPolicy { FairnessDataset = "adult", FairnessThresholds = [new FairnessThreshold("aif360.statisticalParityDifference", Min: -0.15, Grouping: "sex")] };
        ChartBar[] bars = [new("F", "selectionRate", 0.1, null, null), new("M", "selectionRate", 0.3, null, null)];

        var band = FairnessChartModel.Band("sex", "selectionRate", bars, policy);
        var otherGrouping = FairnessChartModel.Band("race", "selectionRate", bars, policy);

        Assert.Equal(0.15, band!.Low, 6);
        Assert.Null(otherGrouping);
    }

    [Fact]
    public void Bars_GroupChart_CarriesIntervalsForWhiskers()
    {
        var chart = FairnessChartModel.Charts(new FairnessReportView(FairnessReports.BySex()), "sex", null).Single(c => c.Metric == "selectionRate");

        var series = FairnessReportPageModel.Bars(chart);

        Assert.Equal([0.08, 0.28], series.Low!.Select(v => Math.Round(v!.Value, 6)));
        Assert.Equal([0.12, 0.32], series.High!.Select(v => Math.Round(v!.Value, 6)));
    }
}
