using Microsoft.Extensions.DependencyInjection;
using MlOpsPortal.TestSupport.Web;
using MlOpsPortal.Web.Components.Pages.Tracking;

namespace MlOpsPortal.Web.Tests.Tracking;

/// <summary>The run page's charts from a real metric history: curves per family with every point, one-off scores as values.</summary>
public sealed class RunPageChartsTests(PortalApp app) : IClassFixture<PortalApp>
{
    [Fact]
    public async Task LoadAsync_TwoHundredRoundsAndFinalScores_OneCurvePerFamilyWithEveryPointAndScoresAsValues()
    {
        using var client = app.CreateClient(await app.AdminTokenAsync());
        var runId = await client.CreateRunAsync(await client.CreateExperimentAsync("run-page-charts"), "two-hundred-rounds");
        // Thirteen final scores first: before, the page charted the first twelve metrics and never reached the curves.
        await client.LogBatchAsync(runId, metrics: Enumerable.Range(0, 13)
            .Select(i => (object)new { key = $"test_score_{i:00}", value = 0.15000000000000002 + i, timestamp = 1_700_000_000_000L, step = 0 }).ToArray());
        await client.LogBatchAsync(runId, metrics: Enumerable.Range(0, 200)
            .SelectMany(i => new object[]
            {
                new { key = "validation_auc", value = 0.8 + (i * 0.0005), timestamp = 1_700_000_000_000L + (i * 100L), step = i },
                new { key = "train_auc", value = 0.85 + (i * 0.0005), timestamp = 1_700_000_000_000L + (i * 100L), step = i },
            }).ToArray());

        using var scope = app.Services.CreateScope();
        var vm = scope.ServiceProvider.GetRequiredService<RunViewModel>();
        await vm.LoadAsync(runId, CancellationToken.None);

        var family = Assert.Single(vm.Families);
        Assert.Equal("auc", family.Name);
        Assert.Equal(["train_auc", "validation_auc"], family.Series.Select(s => s.Key));
        Assert.All(family.Series, s => Assert.Equal(200, s.Points.Count));
        Assert.Equal(13, vm.Singles.Count);
        Assert.Equal("0.15", vm.Singles[0].Value);
        Assert.Equal("two-hundred-rounds", vm.Run!.Info.RunName);
        Assert.Equal("run-page-charts", vm.ExperimentName);
    }
}
