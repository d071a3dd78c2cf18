using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MlOpsPortal.TestSupport.Web;
using MlOpsPortal.Web.Tests.Datasets;
using MlOpsPortal.Web.Tests.Tracking;

namespace MlOpsPortal.Web.Tests.Training;

public sealed class TrainingApiTests(PortalApp app) : IClassFixture<PortalApp>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(4);

    [Fact]
    public async Task PostTrainingJob_MinimalAdultRequest_FinishesRunWithTestAucAtLeast092()
    {
        using var client = app.CreateClient(await app.AdminTokenAsync());
        await TrainingApi.UploadAdultPairAsync(client);

        var (jobId, runId) = await TrainingApi.SubmitAsync(client, TrainingApi.MinimalRequest());
        var job = await DatasetApi.WaitForJobAsync(client, jobId, s => s is "Succeeded" or "Failed" or "Cancelled", Timeout);
        Assert.True(job.GetProperty("status").GetString() == "Succeeded", job.GetRawText());

        var view = await client.GetFromJsonAsync<JsonElement>($"api/v1/training-jobs/{jobId}");
        Assert.Equal(runId, view.GetProperty("runId").GetString());
        var model = view.GetProperty("model");
        var auc = model.GetProperty("metrics").GetProperty("test_roc_auc").GetDouble();
        Assert.True(auc >= 0.92, $"test AUC {auc}");
        Assert.Equal(64, model.GetProperty("packageSha256").GetString()!.Length);
        Assert.True(model.GetProperty("featureImportance").GetArrayLength() > 5);
        Console.WriteLine($"[measure] Adult test_roc_auc={auc:F4} best_iteration={model.GetProperty("bestIteration").GetInt32()}");

        var run = await client.GetFromJsonAsync<JsonElement>($"api/v1/runs/{runId}");
        Assert.Equal("FINISHED", run.GetProperty("info").GetProperty("status").GetString());
        Assert.Equal("job", run.GetProperty("info").GetProperty("source").GetString());
        var metrics = run.GetProperty("metrics").EnumerateArray().ToDictionary(m => m.GetProperty("key").GetString()!, m => m.GetProperty("value").GetDouble());
        foreach (var key in new[] { "test_roc_auc", "test_accuracy", "test_precision", "test_recall", "test_f1", "test_log_loss", "validation_roc_auc" })
        {
            Assert.True(metrics.ContainsKey(key), $"run lacks {key}: {string.Join(", ", metrics.Keys)}");
        }

        Assert.Equal(auc, metrics["test_roc_auc"], 9);
        Assert.Contains(run.GetProperty("params").EnumerateArray(), p => p.GetProperty("key").GetString() == "max_depth");
        // The dataset versions read are the run's inputs (the run page's Inputs tab links them).
        var inputs = run.GetProperty("inputs").EnumerateArray()
            .Select(i => $"{i.GetProperty("role").GetString()}:{i.GetProperty("datasetName").GetString()}:{i.GetProperty("datasetVersionId").GetString()?.Length}").ToList();
        Assert.Equal(["train:adult-train:36", "test:adult-test:36"], inputs);
        var history = await client.GetFromJsonAsync<JsonElement>($"api/v1/runs/{runId}/metrics/validation_auc/history?maxResults=1000");
        Assert.True(history.GetProperty("metrics").GetArrayLength() > 10, history.GetRawText());
        Assert.Contains(job.GetProperty("log").EnumerateArray(), l => l.GetString()!.StartsWith("round ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task PostTrainingJob_BadRequests_400WithReasonAndNothingQueued()
    {
        using var client = app.CreateClient(await app.AdminTokenAsync());
        await TrainingApi.UploadAdultPairAsync(client);
        using (var empty = await DatasetApi.UploadTextAsync(client, "no-labels", "x,y\n1,\n2,\n3,\n"))
        {
            Assert.True(empty.IsSuccessStatusCode, await empty.Content.ReadAsStringAsync());
        }

        var before = await TrainingApi.TrainingJobCountAsync(client);
        var cases = new (Action<Dictionary<string, object?>> Change, HttpStatusCode Status, string Reason)[]
        {
            (b => b["trainDataset"] = new { name = "adult-train", version = 9 }, HttpStatusCode.NotFound, "adult-train@v9"),
            (b => b["testDataset"] = new { name = "nope", version = 1 }, HttpStatusCode.NotFound, "nope@v1"),
            (b => b["label"] = "salary", HttpStatusCode.BadRequest, "label column 'salary'"),
            (b => b["positiveClass"] = "rich", HttpStatusCode.BadRequest, "positive class 'rich'"),
            (b => { b["task"] = "regression"; b.Remove("positiveClass"); }, HttpStatusCode.BadRequest, "regression objective needs a numeric label"),
            (b => { b["trainDataset"] = new { name = "no-labels", version = 1 }; b["label"] = "y"; b.Remove("testDataset"); b.Remove("positiveClass"); }, HttpStatusCode.BadRequest, "0 rows"),
            (b => b["validation"] = new { type = "sideways" }, HttpStatusCode.BadRequest, "validation.type"),
        };
        foreach (var (change, status, reason) in cases)
        {
            var body = TrainingApi.MinimalRequest();
            change(body);
            using var response = await client.PostAsJsonAsync("api/v1/training-jobs", body);
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == status, $"{reason}: {(int)response.StatusCode} {text}");
            Assert.Contains(reason, JsonDocument.Parse(text).RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }

        Assert.Equal(before, await TrainingApi.TrainingJobCountAsync(client));
    }

    [Fact]
    public async Task CancelTrainingJob_WhileTraining_StopsWithinFiveSecondsRunKilledNothingRecorded()
    {
        using var client = app.CreateClient(await app.AdminTokenAsync());
        await TrainingApi.UploadAdultPairAsync(client);
        var body = TrainingApi.MinimalRequest();
        body["hyperparameters"] = new { rounds = 5000, learningRate = 0.01 };
        body["earlyStoppingRounds"] = 0;
        var (jobId, runId) = await TrainingApi.SubmitAsync(client, body);
        var training = await TrainingApi.WaitForRoundsAsync(client, jobId, Timeout);

        Assert.Equal("Running", training.GetProperty("status").GetString());
        var clock = Stopwatch.StartNew();
        using (var cancel = await client.PostAsync($"api/v1/jobs/{jobId}/cancel", null))
        {
            Assert.Equal(HttpStatusCode.OK, cancel.StatusCode);
        }

        var cancelled = await DatasetApi.WaitForJobAsync(client, jobId, s => s != "Running", TimeSpan.FromSeconds(10));
        Assert.Equal("Cancelled", cancelled.GetProperty("status").GetString());
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"took {clock.Elapsed}");
        var run = await client.GetFromJsonAsync<JsonElement>($"api/v1/runs/{runId}");
        Assert.Equal("KILLED", run.GetProperty("info").GetProperty("status").GetString());
        var view = await client.GetFromJsonAsync<JsonElement>($"api/v1/training-jobs/{jobId}");
        Assert.Equal(JsonValueKind.Null, view.GetProperty("model").ValueKind);
        Assert.DoesNotContain(run.GetProperty("tags").EnumerateArray(), t => t.GetProperty("key").GetString() == "mlops.model_package_sha256");
    }

    [Fact]
    public async Task DeleteRun_WhileTraining_JobFailsNamingTheRunAndRecordsNoModel()
    {
        using var client = app.CreateClient(await app.AdminTokenAsync());
        await TrainingApi.UploadAdultPairAsync(client);
        var body = TrainingApi.MinimalRequest();
        body["hyperparameters"] = new { rounds = 800 };
        body["earlyStoppingRounds"] = 0;
        var (jobId, runId) = await TrainingApi.SubmitAsync(client, body);
        var training = await TrainingApi.WaitForRoundsAsync(client, jobId, Timeout);

        Assert.Equal("Running", training.GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.OK, (await client.MlPostAsync("runs/delete", new { run_id = runId })).Status);

        // The completion (final metrics, trained model, FINISHED) is one transaction: refused as a whole on a deleted run.
        var ended = await DatasetApi.WaitForJobAsync(client, jobId, s => s is "Succeeded" or "Failed" or "Cancelled", Timeout);
        Assert.True(ended.GetProperty("status").GetString() == "Failed", ended.GetRawText());
        Assert.Contains($"The run {runId} must be in the 'active' state", ended.GetProperty("error").GetString(), StringComparison.Ordinal);
        var view = await client.GetFromJsonAsync<JsonElement>($"api/v1/training-jobs/{jobId}");
        Assert.Equal(JsonValueKind.Null, view.GetProperty("model").ValueKind);
    }
}
