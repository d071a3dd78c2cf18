using MlOpsPortal.Domain.Common;
using MlOpsPortal.Infrastructure.Monitoring;
using MlOpsPortal.Infrastructure.Training;
using MlOpsPortal.Web.Components.Pages.Monitoring;

namespace MlOpsPortal.Web.Tests.Components.Monitoring;

public sealed class MonitorViewModelTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 7, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public void FeatureSeries_RunsOutOfOrderAndAGap_OrdersByTimeWithTheLatestThreshold()
    {
        DriftReportDto[] reports =
        [
            Report(T0.AddHours(2), 0.5, Column("age", 0.01, drifted: true), Column("hours", 0.4)),
            Report(T0, 0.0, Column("age", 0.3)),
            Report(T0.AddHours(1), 0.0, Column("hours", 0.2)),
        ];

        var age = MonitorViewModel.FeatureSeries(reports, "age");

        Assert.Equal([T0.UtcDateTime, T0.AddHours(1).UtcDateTime, T0.AddHours(2).UtcDateTime], age.Series.X.Cast<DateTime>());
        Assert.Equal([0.3, null, 0.01], age.Series.Y);
        Assert.Equal(0.05, age.Threshold!.Y);
        Assert.Equal(1, age.DriftedRuns);
        Assert.Contains("p-value: drift when it falls to the threshold or below", age.Meaning, StringComparison.Ordinal);
        Assert.Equal(["age", "hours"], MonitorViewModel.Features(reports));
    }

    [Fact]
    public void ShareSeries_Reports_SharePerRunOldestFirst()
    {
        DriftReportDto[] reports = [Report(T0.AddHours(1), 0.5), Report(T0, 0.25)];

        var share = MonitorViewModel.ShareSeries(reports);

        Assert.Equal([0.25, 0.5], share.Y);
        Assert.True(share.Markers);
    }

    [Fact]
    public void RunNowModel_NoTraffic_NeedsADatasetVersionBeforeRunning()
    {
        var plan = MonitorRunPlanner.Choose("churn@production", 24, null, null, null, T0);

        var model = new RunNowModel(plan);

        Assert.True(model.NeedsDataset);
        Assert.False(model.CanRun(null));
        Assert.True(model.CanRun(new DatasetRef("adult-test", 1)));
        Assert.Equal("Will compare the reference with the chosen dataset version adult-test@v1.", model.Text(new DatasetRef("adult-test", 1)));
        Assert.Contains("choose a dataset version", model.Text(null), StringComparison.Ordinal);
    }

    [Fact]
    public void RunNowModel_OldTraffic_RunsOnTheMostRecentWindowAndSaysSo()
    {
        var model = new RunNowModel(MonitorRunPlanner.Choose("churn@production", 24, null, null, T0.AddDays(-3), T0));

        Assert.False(model.NeedsDataset);
        Assert.True(model.CanRun(null));
        Assert.StartsWith("No predictions of churn@production in the last 24 h: will compare with the most recent 24 h", model.Text(null), StringComparison.Ordinal);
        Assert.False(new RunNowModel(Result<MonitorRunPlan>.Fail(Error.NotFound("gone"))).CanRun(null));
    }

    private static ColumnDriftDto Column(string name, double score, bool drifted = false) =>
        new(name, "numeric", "ks", score, true, 0.05, drifted, null, 100, 100);

    private static DriftReportDto Report(DateTimeOffset at, double share, params ColumnDriftDto[] columns) =>
        new(Guid.NewGuid(), Guid.NewGuid(), "churn", "production", 1, "adult@v1", "logged", 100, 100, columns.Length, columns.Count(c => c.Drifted), share,
            share >= 0.5, null, columns, null, null, at);
}
