using System.Net.Http.Json;
using System.Text.Json;
using MlOpsPortal.TestSupport.Web;

namespace MlOpsPortal.Web.Tests.Tracking;

/// <summary>
/// Histories longer than the raw-chart limit are charted from the rollups that log-batch maintains: the chart must still
/// count every point and report the same extremes and means a full scan would.
/// </summary>
public sealed class MetricChartRollupTests(PortalApp app) : IClassFixture<PortalApp>
{
    private const int Points = 30_000;

    [Fact]
    public async Task Chart_HistoryPastRawLimit_CountsEveryPointAndKeepsExtremesAndMeans()
    {
        using var client = app.CreateClient(await app.AdminTokenAsync());
        var runId = await client.CreateRunAsync(await client.CreateExperimentAsync("chart-rollups"));
        // value = step, so a bucket's mean is the mean of its steps; one spike of 1e6 at step 12,345.
        await Task.WhenAll(Enumerable.Range(0, 4).Select(async c =>
        {
            for (var batch = c; batch < Points / 1000; batch += 4)
            {
                await client.LogBatchAsync(runId, metrics: Enumerable.Range(batch * 1000, 1000)
                    .Select(i => (object)new { key = "loss", value = i == 12_345 ? 1e6 : i, timestamp = 1_700_000_000_000L + (i * 10L), step = i }).ToArray());
            }
        }));

        var chart = await client.GetFromJsonAsync<JsonElement>($"api/v1/runs/{runId}/metrics/loss/chart?maxPoints=1000");
        Assert.Equal(Points, chart.GetProperty("totalPoints").GetInt64());
        Assert.True(chart.GetProperty("downsampled").GetBoolean());
        var points = chart.GetProperty("points").EnumerateArray().ToList();
        Assert.InRange(points.Count, 400, 1000);
        Assert.Equal(0, points[0].GetProperty("x").GetInt64());
        Assert.Equal(Points - 1, points.Select(p => p.GetProperty("max").GetDouble()).Where(v => v < 1e6).Max());
        Assert.Equal(1e6, points.Max(p => p.GetProperty("max").GetDouble()));
        Assert.Equal(0, points.Min(p => p.GetProperty("min").GetDouble()));
        var spike = points.Single(p => p.GetProperty("max").GetDouble() == 1e6);
        Assert.InRange(12_345, spike.GetProperty("x").GetInt64(), spike.GetProperty("x").GetInt64() + 64);
        foreach (var p in points.Where(p => p.GetProperty("max").GetDouble() < 1e6))
        {
            // Each bucket holds whole 64-step rollups of consecutive steps, so its mean lies between its min and max
            // and equals their midpoint.
            var (min, max, mean) = (p.GetProperty("min").GetDouble(), p.GetProperty("max").GetDouble(), p.GetProperty("value").GetDouble());
            Assert.Equal((min + max) / 2, mean, 6);
            Assert.Equal(p.GetProperty("x").GetInt64(), (long)min);
        }

        var byTime = await client.GetFromJsonAsync<JsonElement>($"api/v1/runs/{runId}/metrics/loss/chart?byTime=true&maxPoints=500");
        Assert.True(byTime.GetProperty("byTime").GetBoolean());
        Assert.Equal(Points, byTime.GetProperty("totalPoints").GetInt64());
        var timePoints = byTime.GetProperty("points").EnumerateArray().ToList();
        Assert.InRange(timePoints.Count, 200, 500);
        Assert.Equal(1_700_000_000_000L, timePoints[0].GetProperty("x").GetInt64());
        Assert.Equal(1e6, timePoints.Max(p => p.GetProperty("max").GetDouble()));
    }
}
