using System.Net.Http.Json;
using System.Text.Json;
using MlOpsPortal.TestSupport.Web;

namespace MlOpsPortal.Web.Tests.Tracking;

/// <summary>
/// Long histories: the chart counts every point and reports the extremes and means of its buckets, whether a chunk's
/// points are read (a chunk wider than a bucket) or its stored summary is (a chunk narrower than a bucket).
/// </summary>
public sealed class MetricChartLongHistoryTests(PortalApp app) : IClassFixture<PortalApp>
{
    private const int Points = 30_000;

    [Fact]
    public async Task Chart_ChunksWiderThanBuckets_CountsEveryPointAndKeepsExtremesAndMeans()
    {
        using var client = app.CreateClient(await app.AdminTokenAsync());
        var runId = await client.CreateRunAsync(await client.CreateExperimentAsync("chart-wide-chunks"));
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
        Assert.Equal(1000, points.Count);
        Assert.Equal(0, points[0].GetProperty("x").GetInt64());
        Assert.Equal(Points - 1, points.Select(p => p.GetProperty("max").GetDouble()).Where(v => v < 1e6).Max());
        Assert.Equal(1e6, points.Max(p => p.GetProperty("max").GetDouble()));
        Assert.Equal(0, points.Min(p => p.GetProperty("min").GetDouble()));
        var spike = points.Single(p => p.GetProperty("max").GetDouble() == 1e6);
        Assert.InRange(12_345, spike.GetProperty("x").GetInt64(), spike.GetProperty("x").GetInt64() + 29);
        foreach (var p in points.Where(p => p.GetProperty("max").GetDouble() < 1e6))
        {
            // Each bucket holds consecutive steps, so its mean is the midpoint of its min and max.
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

    [Fact]
    public async Task Chart_ChunksNarrowerThanBuckets_SummariesGiveTheBucketMeansAndExtremes()
    {
        using var client = app.CreateClient(await app.AdminTokenAsync());
        var runId = await client.CreateRunAsync(await client.CreateExperimentAsync("chart-narrow-chunks"));
        const int Chunks = 60;
        // Chunk b holds steps 1000b … 1000b+999 with value = step, so its mean is 1000b + 499.5.
        for (var b = 0; b < Chunks; b++)
        {
            await client.LogBatchAsync(runId, metrics: Enumerable.Range(b * 1000, 1000)
                .Select(i => (object)new { key = "acc", value = (double)i, timestamp = 1_700_000_000_000L + (i * 10L), step = i }).ToArray());
        }

        foreach (var byTime in new[] { false, true })
        {
            var chart = await client.GetFromJsonAsync<JsonElement>($"api/v1/runs/{runId}/metrics/acc/chart?maxPoints=50&byTime={byTime}");
            Assert.Equal(Chunks * 1000, chart.GetProperty("totalPoints").GetInt64());
            var points = chart.GetProperty("points").EnumerateArray().ToList();
            // 50 buckets of 1,200 steps (12 s): chunk b starts in bucket floor(b × 5 / 6); every bucket gets one or two chunks.
            var expected = Enumerable.Range(0, Chunks).GroupBy(b => b * 5 / 6)
                .Select(g => (Min: g.Min() * 1000.0, Max: (g.Max() * 1000.0) + 999, Mean: g.Average(b => (b * 1000.0) + 499.5)))
                .ToList();
            Assert.Equal(expected.Count, points.Count);
            for (var i = 0; i < points.Count; i++)
            {
                Assert.Equal(expected[i].Min, points[i].GetProperty("min").GetDouble());
                Assert.Equal(expected[i].Max, points[i].GetProperty("max").GetDouble());
                Assert.Equal(expected[i].Mean, points[i].GetProperty("value").GetDouble(), 9);
                var x = points[i].GetProperty("x").GetInt64();
                Assert.Equal(byTime ? 1_700_000_000_000L + ((long)expected[i].Min * 10) : (long)expected[i].Min, x);
            }
        }
    }
}
