using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MlOpsPortal.Web.Tests.Datasets;
using MlOpsPortal.Web.Tests.Training;

namespace MlOpsPortal.Web.Tests.Registry;

/// <summary>
/// Gates (1) and (2) read the evaluation records of the registered versions on the policy's holdout dataset; a training
/// run's package registers as a version with its lineage; the model card fills its evaluation section from the records.
/// </summary>
public sealed class EvaluationGateTests(RegistryPortalApp app) : IClassFixture<RegistryPortalApp>
{
    private const string Model = "adult-gated";
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(4);

    [Fact]
    public async Task HoldoutEvaluationGates_BlockUntilEvaluated_ThenCompareChallengerWithChampionOnTheSameData()
    {
        var kit = new RegistryTestKit(app);
        using var scientist = await kit.UserAsync("gate-ds@test.local", "DataScientist");
        using var approver = await kit.UserAsync("gate-approver@test.local", "Approver");
        await TrainingApi.UploadAdultPairAsync(scientist);
        var champion = await TrainAsync(scientist, new { rounds = 40, learningRate = 0.3 }, "gbtree");
        var challenger = await TrainAsync(scientist, new { rounds = 10, learningRate = 0.5 }, "gblinear");

        await RegistryTestKit.CreateModelAsync(scientist, Model);
        var v1 = await FromRunAsync(scientist, champion);
        Assert.Equal(1, v1.GetProperty("version").GetInt32());
        Assert.Equal("package", v1.GetProperty("format").GetString());
        Assert.Equal(champion, v1.GetProperty("runId").GetString());
        Assert.Contains(v1.GetProperty("datasetVersions").EnumerateArray(), d => d.GetProperty("name").GetString() == "adult-test" && d.GetProperty("version").GetString() == "1");
        Assert.True(v1.GetProperty("metrics").GetProperty("test_roc_auc").GetDouble() > 0.85);
        var v2 = (await FromRunAsync(scientist, challenger)).GetProperty("version").GetInt32();
        using (var unknown = await scientist.PostAsJsonAsync($"api/v1/models/{Model}/versions/from-run", new { runId = "0123456789abcdef0123456789abcdef" }))
        {
            Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        }

        // The owner sets the policy: evaluation on the holdout and the AUC threshold block.
        using (var policy = await scientist.PutAsJsonAsync($"api/v1/models/{Model}/policy", new
        {
            requiredApprovals = 1,
            blockingGates = new[] { "Evaluation", "MetricThresholds" },
            holdoutDataset = "adult-test",
            metricThresholds = new[] { new { metric = "test_roc_auc", threshold = 0.85, minAbsoluteChange = 0.0, higherIsBetter = true } },
        }))
        {
            Assert.True(policy.IsSuccessStatusCode, await policy.Content.ReadAsStringAsync());
        }

        // Not evaluated yet: both gates say so and approval is refused.
        var first = await RegistryTestKit.RequestAsync(scientist, Model, 1);
        var gates = await GatesAsync(scientist, first);
        Assert.Equal("NoEvidence", gates["Evaluation"].GetProperty("outcome").GetString());
        Assert.Contains("adult-test", gates["Evaluation"].GetProperty("summary").GetString(), StringComparison.Ordinal);
        Assert.Equal("NoEvidence", gates["MetricThresholds"].GetProperty("outcome").GetString());
        using (var refused = await approver.PostAsJsonAsync($"api/v1/promotion-requests/{first}/approve", new { comment = "looks fine" }))
        {
            var text = await refused.Content.ReadAsStringAsync();
            Assert.True(refused.StatusCode is HttpStatusCode.Conflict or HttpStatusCode.BadRequest, text);
            Assert.Contains("blocking gates do not pass", text, StringComparison.Ordinal);
        }

        // Evaluate version 1 on the holdout; the approval now passes and the gate links to the record.
        var evaluation1 = await EvaluateAsync(scientist, 1);
        gates = await GatesAsync(scientist, first);
        Assert.Equal("Passed", gates["Evaluation"].GetProperty("outcome").GetString());
        Assert.Contains(gates["Evaluation"].GetProperty("links").EnumerateArray(), l => l.GetProperty("href").GetString() == $"/evaluations/{evaluation1}");
        Assert.Equal("Passed", gates["MetricThresholds"].GetProperty("outcome").GetString());
        using (var approved = await approver.PostAsJsonAsync($"api/v1/promotion-requests/{first}/approve", new { comment = "evaluated on the holdout" }))
        {
            Assert.True(approved.IsSuccessStatusCode, await approved.Content.ReadAsStringAsync());
        }

        var alias = await scientist.GetFromJsonAsync<JsonElement>($"api/v1/models/{Model}/aliases/production");
        Assert.Equal(1, alias.GetProperty("version").GetInt32());

        // The weaker challenger, evaluated on the same holdout, fails "no worse than the champion" on the same data.
        await EvaluateAsync(scientist, v2);
        var second = await RegistryTestKit.RequestAsync(scientist, Model, v2);
        gates = await GatesAsync(scientist, second);
        Assert.Equal("Passed", gates["Evaluation"].GetProperty("outcome").GetString());
        var metricGate = gates["MetricThresholds"];
        Assert.Equal("Failed", metricGate.GetProperty("outcome").GetString());
        Assert.Contains("against version 1, on adult-test@v1", metricGate.GetProperty("summary").GetString(), StringComparison.Ordinal);
        Assert.Equal(2, metricGate.GetProperty("links").GetArrayLength());
        using (var refused = await approver.PostAsJsonAsync($"api/v1/promotion-requests/{second}/approve", new { comment = "no" }))
        {
            Assert.False(refused.IsSuccessStatusCode);
        }

        // The model card fills its evaluation results from the record.
        var card = await scientist.GetFromJsonAsync<JsonElement>($"api/v1/models/{Model}/versions/1/card");
        var generated = card.GetProperty("generated").GetProperty("evaluation_results").GetString()!;
        Assert.Contains("adult-test@v1", generated, StringComparison.Ordinal);
        Assert.Contains($"/evaluations/{evaluation1}", generated, StringComparison.Ordinal);
        Assert.Contains("Filled in by the portal", card.GetProperty("markdown").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Evaluate_VersionWithoutTrainingRun_ExplainsWhy_AndMlflowCreateWithATrainedRunRegistersItsPackage()
    {
        var kit = new RegistryTestKit(app);
        using var scientist = await kit.UserAsync("gate-ds2@test.local", "DataScientist");
        await RegistryTestKit.CreateModelAsync(scientist, "uploaded-only");
        var version = await RegistryTestKit.UploadValidAsync(scientist, "uploaded-only");
        using (var refused = await scientist.PostAsJsonAsync("api/v1/evaluations", new { model = new { name = "uploaded-only", version }, dataset = new { name = "adult-test", version = 1 } }))
        {
            var text = await refused.Content.ReadAsStringAsync();
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.Contains("no portal training run", text, StringComparison.Ordinal);
        }

        using (var both = await scientist.PostAsJsonAsync("api/v1/evaluations", new { modelJobId = Guid.NewGuid(), model = new { name = "uploaded-only", version }, dataset = new { name = "adult-test", version = 1 } }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, both.StatusCode);
        }

        await TrainingApi.UploadAdultPairAsync(scientist);
        var run = await TrainAsync(scientist, new { rounds = 5, learningRate = 0.3 }, "gbtree");
        await RegistryTestKit.CreateModelAsync(scientist, "via-mlflow");
        using var created = await scientist.PostAsJsonAsync("api/2.0/mlflow/model-versions/create", new { name = "via-mlflow", source = $"runs:/{run}/model", run_id = run });
        var body = await RegistryTestKit.JsonAsync(created);
        Assert.True(created.IsSuccessStatusCode, body.GetRawText());
        Assert.Equal("READY", body.GetProperty("model_version").GetProperty("status").GetString());
        var detail = await scientist.GetFromJsonAsync<JsonElement>("api/v1/models/via-mlflow/versions/1");
        Assert.Equal("package", detail.GetProperty("format").GetString());
        using var download = await scientist.GetAsync("api/v1/models/via-mlflow/versions/1/download");
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
    }

    [Fact]
    public async Task MlflowRegistryRoutes_AnswerAuthFailuresInMlflowShape()
    {
        using var anonymous = app.CreateClient();
        using var missing = await anonymous.GetAsync("api/2.0/mlflow/registered-models/get?name=anything");
        Assert.Equal(HttpStatusCode.Unauthorized, missing.StatusCode);
        Assert.Equal("UNAUTHENTICATED", (await RegistryTestKit.JsonAsync(missing)).GetProperty("error_code").GetString());

        var password = await app.CreateUserAsync("gate-viewer@test.local", "Viewer");
        using var viewer = app.CreateClient(await app.TokenAsync("gate-viewer@test.local", password, "read"));
        using var denied = await viewer.PostAsJsonAsync("api/2.0/mlflow/registered-models/create", new { name = "not-allowed" });
        Assert.Equal(HttpStatusCode.Forbidden, denied.StatusCode);
        var error = await RegistryTestKit.JsonAsync(denied);
        Assert.Equal("PERMISSION_DENIED", error.GetProperty("error_code").GetString());
        Assert.False(string.IsNullOrWhiteSpace(error.GetProperty("message").GetString()));
    }

    private static async Task<string> TrainAsync(HttpClient client, object hyperparameters, string algorithm)
    {
        var body = TrainingApi.MinimalRequest();
        body["algorithm"] = algorithm;
        body["hyperparameters"] = hyperparameters;
        var (job, runId) = await TrainingApi.SubmitAsync(client, body);
        var done = await DatasetApi.WaitForJobAsync(client, job, s => s is "Succeeded" or "Failed", Timeout);
        Assert.True(done.GetProperty("status").GetString() == "Succeeded", done.GetRawText());
        return runId;
    }

    private static async Task<JsonElement> FromRunAsync(HttpClient client, string runId)
    {
        using var response = await client.PostAsJsonAsync($"api/v1/models/{Model}/versions/from-run", new { runId });
        var body = await RegistryTestKit.JsonAsync(response);
        Assert.True(response.StatusCode == HttpStatusCode.Created, body.GetRawText());
        return body;
    }

    private static async Task<Guid> EvaluateAsync(HttpClient client, int version)
    {
        using var submit = await client.PostAsJsonAsync("api/v1/evaluations", new { model = new { name = Model, version }, dataset = new { name = "adult-test", version = 1 } });
        var ids = await RegistryTestKit.JsonAsync(submit);
        Assert.True(submit.StatusCode == HttpStatusCode.Accepted, ids.GetRawText());
        var job = await DatasetApi.WaitForJobAsync(client, ids.GetProperty("jobId").GetGuid(), s => s is "Succeeded" or "Failed", Timeout);
        Assert.True(job.GetProperty("status").GetString() == "Succeeded", job.GetRawText());
        return ids.GetProperty("evaluationId").GetGuid();
    }

    private static async Task<Dictionary<string, JsonElement>> GatesAsync(HttpClient client, Guid request)
    {
        var detail = await client.GetFromJsonAsync<JsonElement>($"api/v1/promotion-requests/{request}");
        return detail.GetProperty("gates").EnumerateArray().ToDictionary(g => g.GetProperty("gate").GetString()!, g => g);
    }
}
