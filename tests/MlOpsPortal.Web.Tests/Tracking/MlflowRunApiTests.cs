using System.Net;
using System.Text.Json;
using MlOpsPortal.TestSupport.Web;

namespace MlOpsPortal.Web.Tests.Tracking;

public sealed class MlflowRunApiTests(PortalApp app) : IClassFixture<PortalApp>
{
    [Fact]
    public async Task NaNAndInfiniteMetrics_LoggedThroughMlflow_AreReadableThroughThePortalsOwnApi()
    {
        using var client = app.CreateClient(await app.AdminTokenAsync());
        var experimentId = await client.CreateExperimentAsync("diverged-loss");
        var runId = await client.CreateRunAsync(experimentId);
        var (logged, body) = await client.MlPostAsync("runs/log-batch", $$"""
            {"run_id":"{{runId}}","metrics":[
              {"key":"loss","value":0.5,"timestamp":1700000000000,"step":0},
              {"key":"loss","value":"NaN","timestamp":1700000000001,"step":1},
              {"key":"grad","value":"Infinity","timestamp":1700000000000,"step":0},
              {"key":"floor","value":"-Infinity","timestamp":1700000000000,"step":0}]}
            """);
        Assert.True(logged == HttpStatusCode.OK, body.ToString());

        var (runStatus, run) = await client.MlGetAsync($"api/v1/runs/{runId}", mlflow: false);
        Assert.True(runStatus == HttpStatusCode.OK, run.ToString());
        var metrics = run.GetProperty("metrics").EnumerateArray().ToDictionary(m => m.GetProperty("key").GetString()!, m => m.GetProperty("value"));
        Assert.Equal("NaN", metrics["loss"].GetString());
        Assert.Equal("Infinity", metrics["grad"].GetString());
        Assert.Equal("-Infinity", metrics["floor"].GetString());

        var (historyStatus, history) = await client.MlGetAsync($"api/v1/runs/{runId}/metrics/loss/history", mlflow: false);
        Assert.Equal(HttpStatusCode.OK, historyStatus);
        var points = history.GetProperty("metrics").EnumerateArray().Select(m => m.GetProperty("value")).ToList();
        Assert.Equal(0.5, points[0].GetDouble());
        Assert.Equal("NaN", points[1].GetString());
        using var chart = await client.GetAsync($"api/v1/runs/{runId}/metrics/grad/chart");
        Assert.Equal(HttpStatusCode.OK, chart.StatusCode);

        using var search = await client.PostAsync(
            $"api/v1/experiments/{experimentId}/runs/search", new StringContent("{}", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, search.StatusCode);
        Assert.Contains(runId, await search.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunsCreate_ValidRequest_ReturnsMlflowRunShape()
    {
        using var client = app.CreateClient(await app.AdminTokenAsync());
        var experimentId = await client.CreateExperimentAsync("runs-shape");
        var (status, body) = await client.MlPostAsync("runs/create", new
        {
            experiment_id = experimentId, user_id = "alice", run_name = "baseline", start_time = 1_700_000_000_123L,
            tags = new[] { new { key = "team", value = "risk" } },
        });

        Assert.Equal(HttpStatusCode.OK, status);
        var info = body.GetProperty("run").GetProperty("info");
        var runId = info.GetProperty("run_id").GetString()!;
        Assert.Matches("^[0-9a-f]{32}$", runId);
        Assert.Equal(runId, info.GetProperty("run_uuid").GetString());
        Assert.Equal(experimentId, info.GetProperty("experiment_id").GetString());
        Assert.Equal("baseline", info.GetProperty("run_name").GetString());
        Assert.Equal("alice", info.GetProperty("user_id").GetString());
        Assert.Equal("RUNNING", info.GetProperty("status").GetString());
        Assert.Equal(1_700_000_000_123L, info.GetProperty("start_time").GetInt64());
        Assert.Equal("active", info.GetProperty("lifecycle_stage").GetString());
        Assert.Equal($"mlflow-artifacts:/{experimentId}/{runId}/artifacts", info.GetProperty("artifact_uri").GetString());
        Assert.False(info.TryGetProperty("end_time", out _));
        var data = body.GetProperty("run").GetProperty("data");
        Assert.Equal(0, data.GetProperty("metrics").GetArrayLength());
        Assert.Equal(0, data.GetProperty("params").GetArrayLength());
        var tags = data.GetProperty("tags").EnumerateArray().ToDictionary(t => t.GetProperty("key").GetString()!, t => t.GetProperty("value").GetString());
        Assert.Equal("baseline", tags["mlflow.runName"]);
        Assert.Equal("risk", tags["team"]);
    }

    [Fact]
    public async Task LogBatch_1001Metrics_Returns400WithMlflowLimitMessage()
    {
        using var client = app.CreateClient(await app.AdminTokenAsync());
        var runId = await client.CreateRunAsync(await client.CreateExperimentAsync("limits"));
        var metrics = Enumerable.Range(0, 1001).Select(i => (object)new { key = "m", value = i, timestamp = 1L, step = i }).ToArray();

        (await client.MlPostAsync("runs/log-batch", new { run_id = runId, metrics }))
            .AssertError(HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE",
                "A batch logging request can contain at most 1000 metrics. Got 1001 metrics. Please split up metrics across multiple requests and try again.");
        var (_, history) = await client.MlGetAsync($"metrics/get-history?run_id={runId}&metric_key=m");
        Assert.False(history.TryGetProperty("metrics", out var none) && none.GetArrayLength() > 0);
    }

    [Fact]
    public async Task LogParameter_SameValueAgain_SucceedsAndDifferentValue_Returns400()
    {
        using var client = app.CreateClient(await app.AdminTokenAsync());
        var runId = await client.CreateRunAsync(await client.CreateExperimentAsync("params-immutable"));
        Assert.Equal(HttpStatusCode.OK, (await client.MlPostAsync("runs/log-parameter", new { run_id = runId, key = "max_depth", value = "6" })).Status);
        Assert.Equal(HttpStatusCode.OK, (await client.MlPostAsync("runs/log-parameter", new { run_id = runId, key = "max_depth", value = "6" })).Status);

        (await client.MlPostAsync("runs/log-parameter", new { run_id = runId, key = "max_depth", value = "8" }))
            .AssertError(HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE",
                $"Changing param values is not allowed. Param with key='max_depth' was already logged with value='6' for run ID='{runId}'. Attempted logging new value '8'.");
    }

    [Fact]
    public async Task GetHistory_MaxResultsTwo_PagesThroughAllPointsInStepOrder()
    {
        using var client = app.CreateClient(await app.AdminTokenAsync());
        var runId = await client.CreateRunAsync(await client.CreateExperimentAsync("history"));
        await client.LogBatchAsync(runId, metrics: Enumerable.Range(0, 5).Reverse().Select(i => (object)new { key = "loss", value = 1.0 / (i + 1), timestamp = 1000L + i, step = i }).ToArray());

        var steps = new List<long>();
        string? token = null;
        var pages = 0;
        do
        {
            var (status, body) = await client.MlGetAsync($"metrics/get-history?run_id={runId}&metric_key=loss&max_results=2" + (token is null ? string.Empty : "&page_token=" + Uri.EscapeDataString(token)));
            Assert.Equal(HttpStatusCode.OK, status);
            steps.AddRange(body.GetProperty("metrics").EnumerateArray().Select(m => m.GetProperty("step").GetInt64()));
            token = body.TryGetProperty("next_page_token", out var t) ? t.GetString() : null;
            pages++;
        }
        while (token is not null);

        Assert.Equal([0, 1, 2, 3, 4], steps);
        Assert.Equal(3, pages);
    }

    [Fact]
    public async Task GetHistory_OverlappingBatches_PagesInStepThenLoggedOrder()
    {
        using var client = app.CreateClient(await app.AdminTokenAsync());
        var runId = await client.CreateRunAsync(await client.CreateExperimentAsync("history-merge"));
        // Three log-batches whose steps interleave; value = a label of the batch and the point.
        await client.LogBatchAsync(runId, metrics: [Point(4, 1.4), Point(0, 1.0), Point(2, 1.2)]);
        await client.LogBatchAsync(runId, metrics: [Point(3, 2.3), Point(1, 2.1), Point(2, 2.2)]);
        await client.LogBatchAsync(runId, metrics: [Point(0, 3.0), Point(0, 3.01)]);

        var values = new List<double>();
        string? token = null;
        do
        {
            var (status, body) = await client.MlGetAsync($"metrics/get-history?run_id={runId}&metric_key=loss&max_results=2" + (token is null ? string.Empty : "&page_token=" + Uri.EscapeDataString(token)));
            Assert.Equal(HttpStatusCode.OK, status);
            values.AddRange(body.GetProperty("metrics").EnumerateArray().Select(m => m.GetProperty("value").GetDouble()));
            token = body.TryGetProperty("next_page_token", out var t) ? t.GetString() : null;
        }
        while (token is not null);

        Assert.Equal([1.0, 3.0, 3.01, 2.1, 1.2, 2.2, 2.3, 1.4], values);
        var (_, all) = await client.MlGetAsync($"metrics/get-history?run_id={runId}&metric_key=loss");
        Assert.Equal(8, all.GetProperty("metrics").GetArrayLength());
        (await client.MlGetAsync($"metrics/get-history?run_id={runId}&metric_key=loss&page_token=bm90LWEtdG9rZW4="))
            .AssertError(HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE", "Invalid page token, could not decode it.");

        static object Point(long step, double value) => new { key = "loss", value, timestamp = 1000L + step, step };
    }

    [Fact]
    public async Task RunsGet_MetricsLoggedOutOfOrder_ReturnsGreatestStepAsLatest()
    {
        using var client = app.CreateClient(await app.AdminTokenAsync());
        var runId = await client.CreateRunAsync(await client.CreateExperimentAsync("latest"));
        await client.LogBatchAsync(runId, metrics: [new { key = "auc", value = 0.5, timestamp = 1L, step = 1 }, new { key = "auc", value = 0.7, timestamp = 2L, step = 3 }]);
        Assert.Equal(HttpStatusCode.OK, (await client.MlPostAsync("runs/log-metric", new { run_id = runId, key = "auc", value = 0.9, timestamp = 3L, step = 2 })).Status);

        var (_, body) = await client.MlGetAsync($"runs/get?run_id={runId}");
        var metric = Assert.Single(body.GetProperty("run").GetProperty("data").GetProperty("metrics").EnumerateArray());
        Assert.Equal(0.7, metric.GetProperty("value").GetDouble());
        Assert.Equal(3, metric.GetProperty("step").GetInt64());
    }

    [Fact]
    public async Task RunsSearch_FilterAndOrderBy_ReturnsMatchingRunsBestFirst()
    {
        using var client = app.CreateClient(await app.AdminTokenAsync());
        var experimentId = await client.CreateExperimentAsync("search");
        var runs = new Dictionary<string, string>();
        foreach (var (name, auc, depth, team) in new[] { ("r1", 0.80, "6", "risk"), ("r2", 0.95, "6", "risk"), ("r3", 0.92, "6", "risk"), ("r4", 0.99, "8", "risk"), ("r5", 0.97, "6", "ops") })
        {
            var id = await client.CreateRunAsync(experimentId, name);
            runs[name] = id;
            await client.LogBatchAsync(id, metrics: [new { key = "auc", value = auc, timestamp = 1L, step = 0 }],
                @params: [new { key = "max_depth", value = depth }], tags: [new { key = "team", value = team }]);
        }

        var (status, body) = await client.MlPostAsync("runs/search", new
        {
            experiment_ids = new[] { experimentId },
            filter = "metrics.auc > 0.9 and params.max_depth = '6' and tags.team = 'risk'",
            order_by = new[] { "metrics.auc DESC" },
        });

        Assert.Equal(HttpStatusCode.OK, status);
        var names = body.GetProperty("runs").EnumerateArray().Select(r => r.GetProperty("info").GetProperty("run_name").GetString()).ToList();
        Assert.Equal(["r2", "r3"], names);

        var (_, byIds) = await client.MlPostAsync("runs/search", new
        {
            experiment_ids = new[] { experimentId }, filter = $"attributes.run_id IN ('{runs["r1"]}', '{runs["r5"]}') and attributes.status = 'RUNNING'",
            order_by = new[] { "attributes.run_name" }, max_results = 1,
        });
        Assert.Equal("r1", Assert.Single(byIds.GetProperty("runs").EnumerateArray()).GetProperty("info").GetProperty("run_name").GetString());
        Assert.True(byIds.TryGetProperty("next_page_token", out _));
    }

    [Fact]
    public async Task RunsSearch_MalformedFilter_Returns400WithPointedMessage()
    {
        using var client = app.CreateClient(await app.AdminTokenAsync());
        (await client.MlPostAsync("runs/search", new { experiment_ids = new[] { "0" }, filter = "metrics.auc > 'high'" }))
            .AssertError(HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE", "Invalid filter at position 15: expected a numeric value for metrics.auc, got 'high'.");
        (await client.MlPostAsync("runs/search", new { experiment_ids = new[] { "0" }, max_results = 50001 }))
            .AssertError(HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE", "It must be at most 50000");
    }

    [Fact]
    public async Task RunsGet_UnknownRun_Returns404ResourceDoesNotExist()
    {
        using var client = app.CreateClient(await app.AdminTokenAsync());
        var unknown = Guid.NewGuid().ToString("N");
        (await client.MlGetAsync($"runs/get?run_id={unknown}"))
            .AssertError(HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST", $"Run with id={unknown} not found");
        (await client.MlPostAsync("runs/log-batch", new { run_id = unknown, metrics = new[] { new { key = "a", value = 1, timestamp = 1, step = 0 } } }))
            .AssertError(HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST", "not found");
    }

    [Fact]
    public async Task RunsUpdate_Finished_SetsStatusAndEndTime_AndNoteTagIsStored()
    {
        using var client = app.CreateClient(await app.AdminTokenAsync());
        var runId = await client.CreateRunAsync(await client.CreateExperimentAsync("update"));
        var (status, body) = await client.MlPostAsync("runs/update", new { run_id = runId, status = "FINISHED", end_time = 1_700_000_100_000L });
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("FINISHED", body.GetProperty("run_info").GetProperty("status").GetString());
        Assert.Equal(1_700_000_100_000L, body.GetProperty("run_info").GetProperty("end_time").GetInt64());

        Assert.Equal(HttpStatusCode.OK, (await client.MlPostAsync("runs/set-tag", new { run_id = runId, key = "mlflow.note.content", value = "# Notes\nbaseline" })).Status);
        var (_, run) = await client.MlGetAsync($"runs/get?run_id={runId}");
        Assert.Contains(run.GetProperty("run").GetProperty("data").GetProperty("tags").EnumerateArray(),
            t => t.GetProperty("key").GetString() == "mlflow.note.content" && t.GetProperty("value").GetString() == "# Notes\nbaseline");
        (await client.MlPostAsync("runs/delete-tag", new { run_id = runId, key = "missing" }))
            .AssertError(HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST", "No tag with name: missing");
    }

    [Fact]
    public async Task RunsDelete_ThenLogMetric_Returns400AndSearchHidesRun()
    {
        using var client = app.CreateClient(await app.AdminTokenAsync());
        var experimentId = await client.CreateExperimentAsync("delete-run");
        var runId = await client.CreateRunAsync(experimentId);
        Assert.Equal(HttpStatusCode.OK, (await client.MlPostAsync("runs/delete", new { run_id = runId })).Status);

        (await client.MlPostAsync("runs/log-metric", new { run_id = runId, key = "x", value = 1.0, timestamp = 1L }))
            .AssertError(HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE", "must be in the 'active' state");
        var (_, search) = await client.MlPostAsync("runs/search", new { experiment_ids = new[] { experimentId } });
        Assert.False(search.TryGetProperty("runs", out var runs) && runs.GetArrayLength() > 0);
    }

    [Fact]
    public async Task LogBatch_NaNValueAndNumericExperimentId_AreAccepted()
    {
        using var client = app.CreateClient(await app.AdminTokenAsync());
        var experimentId = await client.CreateExperimentAsync("lenient");
        var (status, created) = await client.MlPostAsync("runs/create", $$"""{"experiment_id": {{experimentId}}}""");
        Assert.Equal(HttpStatusCode.OK, status);
        var runId = created.GetProperty("run").GetProperty("info").GetProperty("run_id").GetString();
        var (logged, _) = await client.MlPostAsync("runs/log-batch", $$"""{"run_id": "{{runId}}", "metrics": [{"key": "loss", "value": "NaN", "timestamp": "5", "step": 1}]}""");
        Assert.Equal(HttpStatusCode.OK, logged);
        var (_, run) = await client.MlGetAsync($"runs/get?run_id={runId}");
        Assert.Equal(JsonValueKind.String, run.GetProperty("run").GetProperty("data").GetProperty("metrics")[0].GetProperty("value").ValueKind);
    }
}
