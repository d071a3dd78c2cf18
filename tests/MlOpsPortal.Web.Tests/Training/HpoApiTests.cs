using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MlOpsPortal.Infrastructure.Training;
using MlOpsPortal.TestSupport.Web;
using MlOpsPortal.Web.Tests.Datasets;

namespace MlOpsPortal.Web.Tests.Training;

public sealed class HpoApiTests(PortalApp app) : IClassFixture<PortalApp>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(8);

    [Fact]
    public async Task RandomSearch_20Trials_ChildRunsUnderTheSearchRun_BestLoggedOnParent_ThenBestVsFirstAsChampionChallenger()
    {
        using var client = app.CreateClient(await app.AdminTokenAsync());
        await TrainingApi.UploadAdultPairAsync(client);
        var training = TrainingApi.MinimalRequest();
        training["hyperparameters"] = new { rounds = 15 };
        using var submit = await client.PostAsJsonAsync("api/v1/hpo-jobs", new
        {
            training,
            search = new
            {
                strategy = "random", trials = 20, seed = 7, parallelism = 2,
                parameters = new { maxDepth = new { intRange = new[] { 2, 6 } }, learningRate = new { logUniform = new[] { 0.05, 0.5 } } },
            },
        });
        var ids = JsonDocument.Parse(await submit.Content.ReadAsStringAsync()).RootElement;
        Assert.True(submit.StatusCode == HttpStatusCode.Accepted, ids.GetRawText());
        Assert.Equal(20, ids.GetProperty("trials").GetInt32());
        var searchJob = ids.GetProperty("jobId").GetGuid();
        var parentRun = ids.GetProperty("runId").GetString()!;
        var done = await DatasetApi.WaitForJobAsync(client, searchJob, s => s is "Succeeded" or "Failed", Timeout);
        Assert.True(done.GetProperty("status").GetString() == "Succeeded", done.GetRawText());

        // Every trial is a finished training job whose run is a child of the search's run.
        var trials = new List<(Guid Job, string Run, double Auc, string Depth)>();
        for (var i = 0; i < 20; i++)
        {
            var jobId = HyperparameterSearch.TrialJobId(searchJob, i);
            var view = await client.GetFromJsonAsync<JsonElement>($"api/v1/training-jobs/{jobId}");
            var model = view.GetProperty("model");
            var run = await client.GetFromJsonAsync<JsonElement>($"api/2.0/mlflow/runs/get?run_id={model.GetProperty("runId").GetString()}");
            var tags = run.GetProperty("run").GetProperty("data").GetProperty("tags").EnumerateArray().ToDictionary(t => t.GetProperty("key").GetString()!, t => t.GetProperty("value").GetString());
            Assert.Equal(parentRun, tags["mlflow.parentRunId"]);
            trials.Add((jobId, model.GetProperty("runId").GetString()!, model.GetProperty("metrics").GetProperty("validation_roc_auc").GetDouble(), model.GetProperty("params").GetProperty("max_depth").GetString()!));
        }

        Assert.True(trials.Select(t => t.Depth).Distinct().Count() > 1, "the trials should vary max_depth");
        var parent = await client.GetFromJsonAsync<JsonElement>($"api/2.0/mlflow/runs/get?run_id={parentRun}");
        var data = parent.GetProperty("run").GetProperty("data");
        Assert.Equal("FINISHED", parent.GetProperty("run").GetProperty("info").GetProperty("status").GetString());
        var best = data.GetProperty("metrics").EnumerateArray().Single(m => m.GetProperty("key").GetString() == "best_validation_roc_auc").GetProperty("value").GetDouble();
        Assert.Equal(trials.Max(t => t.Auc), best, 9);
        var bestRun = data.GetProperty("tags").EnumerateArray().Single(t => t.GetProperty("key").GetString() == "mlops.best_trial_run_id").GetProperty("value").GetString();
        var bestTrial = trials.Single(t => t.Run == bestRun);
        Assert.Equal(best, bestTrial.Auc, 9);

        // Champion (the first trial) vs challenger (the best trial) on the test set.
        var champion = await EvaluateAsync(client, trials[0].Job);
        var challenger = await EvaluateAsync(client, bestTrial.Job);
        using var compare = await client.PostAsJsonAsync("api/v1/evaluations/compare", new
        {
            champion, challenger, thresholds = new[] { new { metric = "roc_auc", higherIsBetter = true, minAbsoluteChange = 0.0 } }, resamples = 100,
        });
        var result = JsonDocument.Parse(await compare.Content.ReadAsStringAsync()).RootElement;
        Assert.True(compare.IsSuccessStatusCode, result.GetRawText());
        Assert.True(result.TryGetProperty("mcNemarPValue", out _));
        Console.WriteLine($"[measure] 20-trial random search on Adult: best validation AUC {best:F4} (trial run {bestRun}), first trial {trials[0].Auc:F4}");
    }

    [Fact]
    public async Task BadSearches_AreRefusedWithTheReason_AndQueueNothing()
    {
        using var client = app.CreateClient(await app.AdminTokenAsync());
        await TrainingApi.UploadAdultPairAsync(client);
        var training = TrainingApi.MinimalRequest();
        var before = (await client.GetFromJsonAsync<JsonElement>("api/v1/jobs?kind=hpo&take=1")).GetProperty("total").GetInt32();
        await RefusedAsync(client, new { training, search = new { parameters = new { depth = new { intRange = new[] { 2, 6 } } } } }, "'depth' is not a searchable hyperparameter");
        await RefusedAsync(client, new { training, search = new { strategy = "grid", parameters = new { learningRate = new { uniform = new[] { 0.1, 0.3 } } } } }, "grid");
        await RefusedAsync(client, new { training, search = new { trials = 5 } }, "'search.parameters' must name at least one hyperparameter");
        await RefusedAsync(client, new { training, search = new { parameters = new { maxDepth = new { intRange = new[] { 2, 6 }, values = new[] { 3 } } } } }, "exactly one of");
        var badLabel = TrainingApi.MinimalRequest();
        badLabel["label"] = "salary";
        await RefusedAsync(client, new { training = badLabel, search = new { parameters = new { maxDepth = new { values = new[] { 3, 4 } } } } }, "label column 'salary'");
        var jobs = await client.GetFromJsonAsync<JsonElement>("api/v1/jobs?kind=hpo&take=1");
        Assert.Equal(before, jobs.GetProperty("total").GetInt32());
    }

    private static async Task RefusedAsync(HttpClient client, object body, string reason)
    {
        using var response = await client.PostAsJsonAsync("api/v1/hpo-jobs", body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, text);
        Assert.Contains(reason, text, StringComparison.OrdinalIgnoreCase);
    }

    private static async Task<Guid> EvaluateAsync(HttpClient client, Guid modelJob)
    {
        using var submit = await client.PostAsJsonAsync("api/v1/evaluations", new { modelJobId = modelJob, dataset = new { name = "adult-test", version = 1 } });
        var ids = JsonDocument.Parse(await submit.Content.ReadAsStringAsync()).RootElement;
        Assert.True(submit.StatusCode == HttpStatusCode.Accepted, ids.GetRawText());
        var job = await DatasetApi.WaitForJobAsync(client, ids.GetProperty("jobId").GetGuid(), s => s is "Succeeded" or "Failed", Timeout);
        Assert.True(job.GetProperty("status").GetString() == "Succeeded", job.GetRawText());
        return ids.GetProperty("evaluationId").GetGuid();
    }
}
