using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MlOpsPortal.TestSupport.Web;

namespace MlOpsPortal.Web.Tests.Tracking;

/// <summary>Params are immutable even under concurrency: racing writers of one key with different values, one wins.</summary>
public sealed class ConcurrentParamTests(PortalApp app) : IClassFixture<PortalApp>
{
    private const int Races = 25;

    [Fact]
    public async Task LogParameterAndLogBatch_ConcurrentDifferentValues_ExactlyOneWinsOtherInvalidParameterValue()
    {
        using var client = app.CreateClient(await app.AdminTokenAsync());
        var runId = await client.CreateRunAsync(await client.CreateExperimentAsync("param-races"));

        for (var i = 0; i < Races; i++)
        {
            var key = $"k{i}";
            var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            // One writer through log-parameter, the other through log-batch (with a second, uncontested param).
            var single = Task.Run(async () =>
            {
                await start.Task;
                return await client.MlPostAsync("runs/log-parameter", new { run_id = runId, key, value = "a" });
            });
            var batch = Task.Run(async () =>
            {
                await start.Task;
                return await client.MlPostAsync("runs/log-batch", new { run_id = runId, @params = new[] { new { key, value = "b" }, new { key = $"only-b-{i}", value = "x" } } });
            });
            start.SetResult();
            var results = await Task.WhenAll(single, batch);

            Assert.Equal(1, results.Count(r => r.Status == HttpStatusCode.OK));
            var loser = Assert.Single(results, r => r.Status != HttpStatusCode.OK);
            loser.AssertError(HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE", "Changing param values is not allowed");
            var winner = results[0].Status == HttpStatusCode.OK ? "a" : "b";
            var stored = await StoredParamsAsync(client, runId);
            Assert.Equal(winner, stored[key]);
            // A losing batch is rolled back whole: its uncontested param is not half-written.
            Assert.Equal(winner == "b", stored.ContainsKey($"only-b-{i}"));
        }
    }

    [Fact]
    public async Task LogParameter_ConcurrentSameValue_AllSucceed()
    {
        using var client = app.CreateClient(await app.AdminTokenAsync());
        var runId = await client.CreateRunAsync(await client.CreateExperimentAsync("param-same-value"));

        var writers = Enumerable.Range(0, 8).Select(_ => Task.Run(() => client.MlPostAsync("runs/log-parameter", new { run_id = runId, key = "lr", value = "0.1" })));
        var results = await Task.WhenAll(writers);

        Assert.All(results, r => Assert.Equal(HttpStatusCode.OK, r.Status));
        Assert.Equal("0.1", (await StoredParamsAsync(client, runId))["lr"]);
    }

    private static async Task<Dictionary<string, string>> StoredParamsAsync(HttpClient client, string runId)
    {
        var run = await client.GetFromJsonAsync<JsonElement>($"api/v1/runs/{runId}");
        return run.GetProperty("params").EnumerateArray().ToDictionary(p => p.GetProperty("key").GetString()!, p => p.GetProperty("value").GetString()!);
    }
}
