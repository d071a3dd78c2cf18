using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MlOpsPortal.TestSupport.Web;
using MlOpsPortal.Web.Tests.Datasets;
using MlOpsPortal.Web.Tests.Training;

namespace MlOpsPortal.Web.Tests.Evaluation;

public sealed class EvaluationApiTests(PortalApp app) : IClassFixture<PortalApp>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(4);

    [Fact]
    public async Task Evaluate_TrainedAdultModelsOnTestSet_StoresMetricsCurvesThenComparesChampionChallenger()
    {
        using var client = app.CreateClient(await app.AdminTokenAsync());
        await TrainingApi.UploadAdultPairAsync(client);
        var body = TrainingApi.MinimalRequest();
        body["hyperparameters"] = new { rounds = 60, learningRate = 0.3 };
        var (trainingJob, runId) = await TrainingApi.SubmitAsync(client, body);
        var trained = await DatasetApi.WaitForJobAsync(client, trainingJob, s => s is "Succeeded" or "Failed", Timeout);
        Assert.True(trained.GetProperty("status").GetString() == "Succeeded", trained.GetRawText());
        var trainingAuc = (await client.GetFromJsonAsync<JsonElement>($"api/v1/training-jobs/{trainingJob}"))
            .GetProperty("model").GetProperty("metrics").GetProperty("test_roc_auc").GetDouble();

        using var submit = await client.PostAsJsonAsync("api/v1/evaluations", new { modelJobId = trainingJob, dataset = new { name = "adult-test", version = 1 }, threshold = 0.4 });
        Assert.Equal(HttpStatusCode.Accepted, submit.StatusCode);
        var ids = await submit.Content.ReadFromJsonAsync<JsonElement>();
        var jobId = ids.GetProperty("jobId").GetGuid();
        var job = await DatasetApi.WaitForJobAsync(client, jobId, s => s is "Succeeded" or "Failed", Timeout);
        Assert.True(job.GetProperty("status").GetString() == "Succeeded", job.GetRawText());

        var evaluation = await client.GetFromJsonAsync<JsonElement>($"api/v1/evaluations/{ids.GetProperty("evaluationId").GetGuid()}");
        Assert.Equal(runId, evaluation.GetProperty("runId").GetString());
        Assert.Equal(16281, evaluation.GetProperty("rows").GetInt64());
        var metrics = evaluation.GetProperty("metrics");
        Assert.Equal(trainingAuc, metrics.GetProperty("roc_auc").GetDouble(), 3);
        foreach (var key in new[] { "accuracy", "precision", "recall", "specificity", "f1", "balanced_accuracy", "log_loss", "brier_score" })
        {
            Assert.True(metrics.TryGetProperty(key, out _), $"missing {key}: {metrics.GetRawText()[..Math.Min(400, metrics.GetRawText().Length)]}");
        }

        var details = evaluation.GetProperty("details");
        Assert.Equal(0.4, details.GetProperty("threshold").GetDouble());
        var confusion = details.GetProperty("confusion");
        Assert.True(confusion.ValueKind == JsonValueKind.Object, confusion.GetRawText());
        Assert.True(details.GetProperty("rocCurve").GetArrayLength() > 10);
        Assert.True(details.GetProperty("precisionRecallCurve").GetArrayLength() > 10);
        Assert.Equal(10, details.GetProperty("calibration").GetArrayLength());
        Assert.True(details.GetProperty("thresholdTable").GetArrayLength() > 5);

        using var missing = await client.PostAsJsonAsync("api/v1/evaluations", new { modelJobId = Guid.NewGuid(), dataset = new { name = "adult-test", version = 1 } });
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);

        // Champion (60 rounds at 0.3) vs a challenger (gblinear) on the same test set.
        var challengerBody = TrainingApi.MinimalRequest();
        challengerBody["algorithm"] = "gblinear";
        challengerBody["hyperparameters"] = new { rounds = 30, learningRate = 0.5 };
        var (challengerJob, _) = await TrainingApi.SubmitAsync(client, challengerBody);
        Assert.Equal("Succeeded", (await DatasetApi.WaitForJobAsync(client, challengerJob, s => s is "Succeeded" or "Failed", Timeout)).GetProperty("status").GetString());
        var challengerEval = await EvaluateAsync(client, challengerJob, 0.4);

        using var compare = await client.PostAsJsonAsync("api/v1/evaluations/compare", new
        {
            champion = ids.GetProperty("evaluationId").GetGuid(),
            challenger = challengerEval,
            thresholds = new[] { new { metric = "roc_auc", higherIsBetter = true, minAbsoluteChange = 0.001 } },
            resamples = 200,
        });
        var text = await compare.Content.ReadAsStringAsync();
        Assert.True(compare.StatusCode == HttpStatusCode.OK, text);
        var result = JsonDocument.Parse(text).RootElement;
        var delta = result.GetProperty("deltas").EnumerateArray().Single(d => d.GetProperty("metric").GetString() == "roc_auc");
        var difference = delta.GetProperty("difference").GetDouble();
        Assert.True(difference < 0, $"gblinear should lose on AUC: {difference}");
        Assert.False(result.GetProperty("passed").GetBoolean());
        var ci = result.GetProperty("aucDifference").GetProperty("interval");
        Assert.True(ci.GetProperty("low").GetDouble() <= difference && difference <= ci.GetProperty("high").GetDouble(), ci.GetRawText());
        Assert.True(result.GetProperty("mcNemarPValue").GetDouble() < 0.05, text[..Math.Min(600, text.Length)]);
        Console.WriteLine($"[measure] champion vs gblinear challenger: AUC diff {difference:F4}, CI [{ci.GetProperty("low").GetDouble():F4}, {ci.GetProperty("high").GetDouble():F4}], McNemar p {result.GetProperty("mcNemarPValue").GetDouble():G3}");
    }

    [Fact]
    public async Task Evaluate_MulticlassAndRegressionModels_StoresTheirMetricsMatchingTheTrainingRun()
    {
        using var client = app.CreateClient(await app.AdminTokenAsync());
        await TrainingApi.UploadAdultPairAsync(client);

        var multiBody = TrainingApi.MinimalRequest();
        multiBody["label"] = "relationship";
        multiBody["task"] = "multiclass";
        multiBody.Remove("positiveClass");
        multiBody["hyperparameters"] = new { rounds = 20, learningRate = 0.3 };
        var (multiJob, multiRun) = await TrainAsync(client, multiBody);
        var multi = await client.GetFromJsonAsync<JsonElement>($"api/v1/evaluations/{await EvaluateAsync(client, multiJob, 0.5)}");
        Assert.Equal("multiclass", multi.GetProperty("task").GetString());
        Assert.Equal(multiRun, multi.GetProperty("runId").GetString());
        var trainingMetrics = await ModelMetricsAsync(client, multiJob);
        var metrics = multi.GetProperty("metrics");
        Assert.Equal(trainingMetrics.GetProperty("test_accuracy").GetDouble(), metrics.GetProperty("accuracy").GetDouble(), 3);
        Assert.Equal(trainingMetrics.GetProperty("test_f1_macro").GetDouble(), metrics.GetProperty("f1_macro").GetDouble(), 3);
        Assert.Equal(trainingMetrics.GetProperty("test_roc_auc_ovr_macro").GetDouble(), metrics.GetProperty("roc_auc_ovr_macro").GetDouble(), 3);
        foreach (var key in new[] { "precision_macro", "recall_macro", "precision_weighted", "recall_weighted", "f1_weighted", "log_loss" })
        {
            Assert.True(metrics.TryGetProperty(key, out var value) && value.ValueKind == JsonValueKind.Number, $"missing {key}: {metrics.GetRawText()}");
        }

        var details = multi.GetProperty("details");
        Assert.Equal(6, details.GetProperty("classes").GetArrayLength());
        Assert.Equal(6, details.GetProperty("perClass").GetArrayLength());
        var cells = details.GetProperty("confusionMatrix").EnumerateArray().SelectMany(r => r.EnumerateArray()).Sum(c => c.GetDouble());
        Assert.Equal(multi.GetProperty("rows").GetInt64(), (long)cells);
        var diagonal = details.GetProperty("confusionMatrix").EnumerateArray().Select((r, i) => r[i].GetDouble()).Sum();
        Assert.Equal(metrics.GetProperty("accuracy").GetDouble(), diagonal / cells, 9);

        var regressionBody = TrainingApi.MinimalRequest();
        regressionBody["label"] = "hours-per-week";
        regressionBody["task"] = "regression";
        regressionBody.Remove("positiveClass");
        regressionBody["hyperparameters"] = new { rounds = 20, learningRate = 0.3 };
        var (regressionJob, _) = await TrainAsync(client, regressionBody);
        var regressionEval = await EvaluateAsync(client, regressionJob, 0.5);
        var regression = await client.GetFromJsonAsync<JsonElement>($"api/v1/evaluations/{regressionEval}");
        Assert.Equal("regression", regression.GetProperty("task").GetString());
        var regressionTraining = await ModelMetricsAsync(client, regressionJob);
        var regressionMetrics = regression.GetProperty("metrics");
        Assert.Equal(regressionTraining.GetProperty("test_rmse").GetDouble(), regressionMetrics.GetProperty("rmse").GetDouble(), 2);
        Assert.Equal(regressionTraining.GetProperty("test_r2").GetDouble(), regressionMetrics.GetProperty("r2").GetDouble(), 3);
        Assert.True(regressionMetrics.GetProperty("mae").GetDouble() <= regressionMetrics.GetProperty("rmse").GetDouble());
        Assert.True(regressionMetrics.TryGetProperty("mape", out _));
        var histogram = regression.GetProperty("details").GetProperty("residualHistogram");
        Assert.Equal(regression.GetProperty("rows").GetInt64(), histogram.EnumerateArray().Sum(b => b.GetProperty("count").GetInt64()));

        using var compare = await client.PostAsJsonAsync("api/v1/evaluations/compare", new { champion = regressionEval, challenger = regressionEval });
        var text = await compare.Content.ReadAsStringAsync();
        Assert.True(compare.StatusCode == HttpStatusCode.BadRequest, text);
        Assert.Contains("binary evaluations", text, StringComparison.Ordinal);
    }

    private static async Task<(Guid JobId, string RunId)> TrainAsync(HttpClient client, Dictionary<string, object?> body)
    {
        var (job, run) = await TrainingApi.SubmitAsync(client, body);
        var done = await DatasetApi.WaitForJobAsync(client, job, s => s is "Succeeded" or "Failed", Timeout);
        Assert.True(done.GetProperty("status").GetString() == "Succeeded", done.GetRawText());
        return (job, run);
    }

    private static async Task<JsonElement> ModelMetricsAsync(HttpClient client, Guid trainingJob) =>
        (await client.GetFromJsonAsync<JsonElement>($"api/v1/training-jobs/{trainingJob}")).GetProperty("model").GetProperty("metrics");

    private static async Task<Guid> EvaluateAsync(HttpClient client, Guid modelJob, double threshold)
    {
        using var submit = await client.PostAsJsonAsync("api/v1/evaluations", new { modelJobId = modelJob, dataset = new { name = "adult-test", version = 1 }, threshold });
        Assert.Equal(HttpStatusCode.Accepted, submit.StatusCode);
        var ids = await submit.Content.ReadFromJsonAsync<JsonElement>();
        var job = await DatasetApi.WaitForJobAsync(client, ids.GetProperty("jobId").GetGuid(), s => s is "Succeeded" or "Failed", Timeout);
        Assert.True(job.GetProperty("status").GetString() == "Succeeded", job.GetRawText());
        return ids.GetProperty("evaluationId").GetGuid();
    }
}
