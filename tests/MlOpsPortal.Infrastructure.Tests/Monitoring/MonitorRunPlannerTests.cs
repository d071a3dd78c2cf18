using MlOpsPortal.Infrastructure.Monitoring;
using MlOpsPortal.Infrastructure.Training;

namespace MlOpsPortal.Infrastructure.Tests.Monitoring;

public sealed class MonitorRunPlannerTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 7, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Choose_DatasetVersionChosen_ComparesWithItEvenWithTraffic()
    {
        var plan = MonitorRunPlanner.Choose("churn@production", 24, null, new DatasetRef("adult-test", 2), Now.AddMinutes(-5), Now);

        Assert.True(plan.IsSuccess);
        Assert.Equal(new DatasetRef("adult-test", 2), plan.Value.Current.Dataset);
        Assert.Contains("adult-test@v2", plan.Value.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void Choose_TrafficInsideTheWindow_UsesTheMonitorsWindow()
    {
        var plan = MonitorRunPlanner.Choose("churn@production", 24, 5000, null, Now.AddHours(-3), Now);

        Assert.True(plan.IsSuccess);
        Assert.Equal(24, plan.Value.Current.LastHours);
        Assert.Equal(5000, plan.Value.Current.LastRows);
        Assert.Equal("Compared with the predictions of churn@production logged in the last 24 h, at most 5,000 rows.", plan.Value.Explanation);
    }

    [Fact]
    public void Choose_LastTrafficOlderThanTheWindow_ReachesBackToTheMostRecentWindowWithTraffic()
    {
        var latest = Now.AddHours(-50).AddMinutes(-20);

        var plan = MonitorRunPlanner.Choose("churn@production", 24, null, null, latest, Now);

        Assert.True(plan.IsSuccess);
        // 50 h 20 min back to the latest prediction (rounded up to 51 h) plus the 24 h window before it.
        Assert.Equal(75, plan.Value.Current.LastHours);
        Assert.True(Now.AddHours(-plan.Value.Current.LastHours!.Value) <= latest.AddHours(-24));
        Assert.Contains("most recent 24 h that have traffic (ending 2026-12-05 09:40 UTC)", plan.Value.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void Choose_NoTrafficAndNoDataset_AsksForADatasetVersionNamingTheField()
    {
        var plan = MonitorRunPlanner.Choose("churn@production", 24, null, null, null, Now);

        Assert.False(plan.IsSuccess);
        Assert.Contains("choose a dataset version", plan.Error?.Message, StringComparison.Ordinal);
        Assert.True(plan.Error?.Details?.ContainsKey("current"));
    }
}
