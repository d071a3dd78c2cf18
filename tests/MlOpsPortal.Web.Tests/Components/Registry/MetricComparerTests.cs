using MlOpsPortal.Domain.Registry;
using MlOpsPortal.Web.Components.Pages.Registry;

namespace MlOpsPortal.Web.Tests.Components.Registry;

public sealed class MetricComparerTests
{
    [Fact]
    public void Compare_CandidateBeatsIncumbent_DeltaPositiveAndBetter()
    {
        var rows = MetricComparer.Compare(new Dictionary<string, double> { ["roc_auc"] = 0.91 }, new Dictionary<string, double> { ["roc_auc"] = 0.88 });

        var row = Assert.Single(rows);
        Assert.Equal(0.03, row.Delta!.Value, 6);
        Assert.True(row.Better);
        Assert.Equal("+0.03", row.DeltaText);
    }

    [Fact]
    public void Compare_LowerIsBetterMetricRises_Worse()
    {
        var rows = MetricComparer.Compare(new Dictionary<string, double> { ["log_loss"] = 0.40 }, new Dictionary<string, double> { ["log_loss"] = 0.35 });

        var row = Assert.Single(rows);
        Assert.False(row.HigherIsBetter);
        Assert.False(row.Better);
        Assert.Equal("+0.05", row.DeltaText);
    }

    [Fact]
    public void Compare_NoIncumbent_NoDelta()
    {
        var row = Assert.Single(MetricComparer.Compare(new Dictionary<string, double> { ["accuracy"] = 0.8 }, null));

        Assert.Null(row.Delta);
        Assert.Null(row.Better);
        Assert.Equal("—", row.IncumbentText);
        Assert.Equal("—", row.DeltaText);
    }

    [Fact]
    public void Compare_PolicyMetricFirstAndReadsBareName_DirectionFromPolicy()
    {
        var candidate = new Dictionary<string, double> { ["accuracy"] = 0.8, ["roc_auc"] = 0.9 };
        var incumbent = new Dictionary<string, double> { ["roc_auc"] = 0.92 };

        var rows = MetricComparer.Compare(candidate, incumbent, [new MetricThreshold("test_roc_auc", Threshold: 0.8)]);

        Assert.Equal(["test_roc_auc", "accuracy", "roc_auc"], rows.Select(r => r.Metric));
        Assert.Equal(0.9, rows[0].Candidate);
        Assert.False(rows[0].Better);
        Assert.Null(rows[1].Incumbent);
    }
}
