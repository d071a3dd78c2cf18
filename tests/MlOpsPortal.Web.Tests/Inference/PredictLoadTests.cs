using System.Diagnostics;
using System.Net;
using Xunit.Abstractions;
using static MlOpsPortal.Web.Tests.Inference.ScoringPortalApp;

namespace MlOpsPortal.Web.Tests.Inference;

/// <summary>
/// The robustness run: 16 concurrent single-row clients on loopback for 60 s (MLOPS_LOAD_SECONDS overrides), with
/// prediction logging on: zero 5xx, and the portal's managed heap after a full GC stays within 256 MB of where it started
/// (the prediction log queue is bounded). Prints throughput and p50/p99 latency.
/// </summary>
public sealed class PredictLoadTests(ScoringPortalApp app, ITestOutputHelper output) : IClassFixture<ScoringPortalApp>
{
    [Fact]
    public async Task Predict_SixteenConcurrentClients_NoServerErrors()
    {
        var seconds = int.TryParse(Environment.GetEnvironmentVariable("MLOPS_LOAD_SECONDS"), out var s) ? s : 60;
        using (var alias = await app.Admin.PutAsync($"api/v1/models/{Model}/aliases/load", Json(new { version = 1 })))
        {
            Assert.True(alias.IsSuccessStatusCode, await alias.Content.ReadAsStringAsync());
        }

        var body = $$"""{"dataframe_records": [{{AdultRow}}]}""";
        var heapBefore = GC.GetTotalMemory(forceFullCollection: true);
        var latencies = new System.Collections.Concurrent.ConcurrentBag<double>();
        var errors = 0;
        var clock = Stopwatch.StartNew();
        var until = TimeSpan.FromSeconds(seconds);
        await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => Task.Run(async () =>
        {
            while (clock.Elapsed < until)
            {
                var started = Stopwatch.GetTimestamp();
                using var response = await app.Admin.PostAsync($"api/v1/models/{Model}@load/predict", Raw(body));
                latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                if (response.StatusCode != HttpStatusCode.OK)
                {
                    Interlocked.Increment(ref errors);
                }
            }
        })));
        var sorted = latencies.Order().ToArray();
        var heapAfter = GC.GetTotalMemory(forceFullCollection: true);
        output.WriteLine($"{sorted.Length / clock.Elapsed.TotalSeconds:F0} requests/s, p50 {sorted[sorted.Length / 2]:F2} ms, p99 {sorted[(int)(sorted.Length * 0.99)]:F2} ms, {sorted.Length} requests; heap {heapBefore / 1048576.0:F0} → {heapAfter / 1048576.0:F0} MB");
        Assert.Equal(0, errors);
        Assert.True(heapAfter - heapBefore < 256L * 1024 * 1024, $"managed heap grew from {heapBefore:N0} to {heapAfter:N0} bytes");
    }
}
