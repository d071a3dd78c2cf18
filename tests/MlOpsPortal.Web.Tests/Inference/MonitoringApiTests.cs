using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MlOpsPortal.TestSupport;
using MlOpsPortal.Web.Tests.Datasets;
using Xunit.Abstractions;
using static MlOpsPortal.Web.Tests.Inference.ScoringPortalApp;

namespace MlOpsPortal.Web.Tests.Inference;

/// <summary>
/// The acceptance path over REST: production alias → score adult.test rows (logged, ids returned) → feedback →
/// live accuracy/AUC; drift jobs (men vs women: drift on hours-per-week and relationship; adult.data vs adult.test: no
/// dataset drift); a monitor over logged traffic raising drift and performance alerts; batch scoring to a CSV artifact.
/// </summary>
public sealed partial class MonitoringApiTests(MonitoringPortalApp app, ITestOutputHelper output) : IClassFixture<MonitoringPortalApp>
{
    [Fact]
    public async Task Feedback_LabelsArrive_LiveAccuracyAndAuc()
    {
        var rows = AdultTestRows().Take(400).ToList();
        var ids = await ScoreAsync(rows, "production");
        Assert.Equal(rows.Count, ids.Count);

        var feedback = rows.Select((r, i) => new { predictionId = ids[i], label = r.Income }).ToList();
        using (var sent = await app.Admin.PostAsync("api/v1/predictions/feedback", Json(new { feedback })))
        {
            var body = await sent.Content.ReadFromJsonAsync<JsonElement>();
            Assert.True(sent.IsSuccessStatusCode, body.ToString());
            Assert.Equal(rows.Count, body.GetProperty("updated").GetInt32());
        }

        var live = await app.Admin.GetFromJsonAsync<JsonElement>($"api/v1/monitoring/performance?model={Model}&alias=production&hours=1");
        output.WriteLine(live.ToString());
        Assert.True(live.GetProperty("labelled").GetInt64() >= rows.Count);
        Assert.InRange(live.GetProperty("accuracy").GetDouble(), 0.75, 0.95);
        Assert.InRange(live.GetProperty("rocAuc").GetDouble(), 0.85, 1.0);

        using var bad = await app.Admin.PostAsync("api/v1/predictions/feedback", Json(new { predictionId = ids[0], label = "rich" }));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("not one of the model's classes", await bad.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var unknown = Guid.NewGuid();
        using var missing = await app.Admin.PostAsync("api/v1/predictions/feedback", Json(new { predictionId = unknown, label = ">50K" }));
        Assert.Contains(unknown.ToString(), await missing.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Drift_MenVersusWomen_DriftsOnHoursAndRelationship_TrainVersusTest_NoDatasetDrift()
    {
        var men = new { dataset = new { name = "adult-data", version = 1 }, filter = new { column = "sex", equalTo = "Male" } };
        var women = new { dataset = new { name = "adult-data", version = 1 }, filter = new { column = "sex", equalTo = "Female" } };
        var bySex = await DriftAsync(new { model = new { name = Model, version = 1 }, reference = men, current = women });
        var drifted = Drifted(bySex);
        output.WriteLine("men vs women drifted: " + string.Join(", ", drifted));
        Assert.Contains("hours-per-week", drifted);
        Assert.Contains("relationship", drifted);
        Assert.True(bySex.GetProperty("datasetDrifted").GetBoolean());

        var sameWorld = await DriftAsync(new
        {
            model = new { name = Model, version = 1 },
            reference = new { dataset = new { name = "adult-data", version = 1 } },
            current = new { dataset = new { name = "adult-test", version = 1 } },
        });
        output.WriteLine("adult.data vs adult.test drifted: " + string.Join(", ", Drifted(sameWorld)));
        Assert.False(sameWorld.GetProperty("datasetDrifted").GetBoolean());
        Assert.False(sameWorld.GetProperty("predictionDrifted").GetBoolean());

        using var badColumn = await app.Admin.PostAsync("api/v1/drift-jobs", Json(new { model = new { name = Model, version = 1 }, reference = new { dataset = new { name = "adult-data", version = 1 }, filter = new { column = "gender", equalTo = "x" } } }));
        Assert.Equal(HttpStatusCode.BadRequest, badColumn.StatusCode);
        Assert.Contains("'gender'", await badColumn.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Monitor_LoggedWomenTraffic_RaisesDriftAndPerformanceAlerts()
    {
        var body = new
        {
            name = "adult-prod-watch", model = Model, alias = "watch", reference = new { name = "adult-data", version = 1 },
            windowHours = 1, cron = "0 0 3 * * ?", driftShareAlert = 0.1, metricAlert = "accuracy", metricBelow = 0.999, retrainRecipe = "adult-retrain",
        };
        var recipe = new
        {
            name = "adult-retrain",
            training = new { experiment = "adult-retrain", trainDataset = new { name = "adult-data", version = 1 }, label = "income", positiveClass = ">50K", hyperparameters = new { rounds = 3 } },
        };
        using (var saved = await app.Admin.PostAsync("api/v1/recipes", Json(recipe)))
        {
            Assert.True(saved.IsSuccessStatusCode, await saved.Content.ReadAsStringAsync());
        }

        using (var alias = await app.Admin.PutAsync($"api/v1/models/{Model}/aliases/watch", Json(new { version = 1 })))
        {
            Assert.True(alias.IsSuccessStatusCode, await alias.Content.ReadAsStringAsync());
        }

        using (var hook = await app.Admin.PostAsync("api/v1/admin/webhooks", Json(new { name = "alerts", url = "http://127.0.0.1:9/hook", events = new[] { "monitoring.alert" } })))
        {
            Assert.True(hook.IsSuccessStatusCode, await hook.Content.ReadAsStringAsync());
        }

        using (var created = await app.Admin.PostAsync("api/v1/monitors", Json(body)))
        {
            var monitor = await created.Content.ReadFromJsonAsync<JsonElement>();
            Assert.True(created.StatusCode == HttpStatusCode.Created, monitor.ToString());
            Assert.Equal(JsonValueKind.String, monitor.GetProperty("nextFireTime").ValueKind);
        }

        var women = AdultTestRows().Where(r => r.Values[9] == "Female").Take(600).ToList();
        var ids = await ScoreAsync(women, "watch");
        using (var fb = await app.Admin.PostAsync("api/v1/predictions/feedback", Json(new { feedback = women.Select((r, i) => new { predictionId = ids[i], label = r.Income }) })))
        {
            Assert.True(fb.IsSuccessStatusCode, await fb.Content.ReadAsStringAsync());
        }

        using var run = await app.Admin.PostAsync("api/v1/monitors/adult-prod-watch/run", null);
        Assert.Equal(HttpStatusCode.Accepted, run.StatusCode);
        var jobId = (await run.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("jobId").GetGuid();
        var job = await DatasetApi.WaitForJobAsync(app.Admin, jobId, s => s is "Succeeded" or "Failed", TimeSpan.FromSeconds(90));
        Assert.True(job.GetProperty("status").GetString() == "Succeeded", job.ToString());

        var report = await app.Admin.GetFromJsonAsync<JsonElement>($"api/v1/drift-reports/{jobId}");
        Assert.Equal(women.Count, report.GetProperty("currentRows").GetInt32());
        Assert.Contains("relationship", Drifted(report));
        Assert.True(report.GetProperty("performance").GetProperty("labelled").GetInt64() >= women.Count);
        var alerts = await app.Admin.GetFromJsonAsync<JsonElement>("api/v1/monitors/adult-prod-watch/alerts");
        var kinds = alerts.EnumerateArray().Select(a => a.GetProperty("kind").GetString()).ToList();
        Assert.Contains("drift", kinds);
        Assert.Contains("performance", kinds);
        Assert.All(alerts.EnumerateArray(), a => Assert.Equal(JsonValueKind.String, a.GetProperty("recipeFiringId").ValueKind));
        var firings = (await app.Admin.GetFromJsonAsync<JsonElement>("api/v1/recipes/adult-retrain")).GetProperty("firings");
        Assert.Equal(1, firings.GetArrayLength());
        var deliveries = await app.Admin.GetFromJsonAsync<JsonElement>("api/v1/admin/webhooks/deliveries");
        Assert.Equal(2, deliveries.EnumerateArray().Count(d => d.GetProperty("event").GetString() == "monitoring.alert"));
        var bell = await app.Admin.GetFromJsonAsync<JsonElement>("api/v1/notifications");
        Assert.Contains(bell.EnumerateArray(), n => n.GetProperty("kind").GetString() == "monitoring.alert");

        using var invalid = await app.Admin.PostAsync("api/v1/monitors", Json(new { name = "bad monitor", model = Model, cron = "nightly", metricAlert = "f1" }));
        var problem = await invalid.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        Assert.Contains("cron", problem, StringComparison.Ordinal);
        Assert.Contains("metricAlert", problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BatchScoring_DatasetVersion_StreamsAnOutputCsvWithProbabilities()
    {
        using var submitted = await app.Admin.PostAsync("api/v1/batch-scoring-jobs", Json(new { model = new { name = Model, alias = "production" }, dataset = new { name = "adult-test", version = 1 } }));
        var accepted = await submitted.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(submitted.StatusCode == HttpStatusCode.Accepted, accepted.ToString());
        var jobId = accepted.GetProperty("jobId").GetGuid();
        var job = await DatasetApi.WaitForJobAsync(app.Admin, jobId, s => s is "Succeeded" or "Failed", TimeSpan.FromSeconds(120));
        Assert.True(job.GetProperty("status").GetString() == "Succeeded", job.ToString());

        var result = await app.Admin.GetFromJsonAsync<JsonElement>($"api/v1/batch-scoring-jobs/{jobId}");
        output.WriteLine(result.ToString());
        Assert.Equal(16281, result.GetProperty("rows").GetInt64());
        Assert.Equal("CPUExecutionProvider", result.GetProperty("executionProvider").GetString());
        Assert.True(result.GetProperty("rowsPerSecond").GetDouble() > 0);
        var csv = await app.Admin.GetStringAsync($"api/v1/batch-scoring-jobs/{jobId}/output");
        var lines = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(16282, lines.Length);
        Assert.EndsWith("income,predicted_label,probability_<=50K,probability_>50K", lines[0].TrimEnd('\r'), StringComparison.Ordinal);
        var first = lines[1].TrimEnd('\r').Split(',');
        var p0 = double.Parse(first[^2], CultureInfo.InvariantCulture);
        var p1 = double.Parse(first[^1], CultureInfo.InvariantCulture);
        Assert.Equal(1.0, p0 + p1, 4);

        using var missing = await app.Admin.PostAsync($"api/v1/batch-scoring-jobs?model={Model}&version=1", Raw("age,sex\n39,Male\n", "text/csv"));
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.Contains("missing column 'workclass'", await missing.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var uploaded = await app.Admin.PostAsync($"api/v1/batch-scoring-jobs?model={Model}&version=1", Raw(string.Join('\n', File.ReadLines(TestPaths.AdultTrain).Take(50).Prepend(DatasetApi.AdultColumns)) + "\n", "text/csv"));
        Assert.Equal(HttpStatusCode.Accepted, uploaded.StatusCode);
        var uploadJob = (await uploaded.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("jobId").GetGuid();
        var done = await DatasetApi.WaitForJobAsync(app.Admin, uploadJob, s => s is "Succeeded" or "Failed", TimeSpan.FromSeconds(60));
        Assert.True(done.GetProperty("status").GetString() == "Succeeded", done.ToString());
        Assert.Equal(50, (await app.Admin.GetFromJsonAsync<JsonElement>($"api/v1/batch-scoring-jobs/{uploadJob}")).GetProperty("rows").GetInt64());

        // A bad value stops the job with the row and column; no output is registered.
        var lines50 = File.ReadLines(TestPaths.AdultTrain).Take(50).ToList();
        lines50[29] = "old" + lines50[29][lines50[29].IndexOf(',', StringComparison.Ordinal)..];
        using var badUpload = await app.Admin.PostAsync($"api/v1/batch-scoring-jobs?model={Model}&version=1", Raw(string.Join('\n', lines50.Prepend(DatasetApi.AdultColumns)) + "\n", "text/csv"));
        var badJob = (await badUpload.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("jobId").GetGuid();
        var failed = await DatasetApi.WaitForJobAsync(app.Admin, badJob, s => s is "Succeeded" or "Failed", TimeSpan.FromSeconds(60));
        Assert.Equal("Failed", failed.GetProperty("status").GetString());
        Assert.Contains("row 30, column 'age': expected a number, got 'old'", failed.GetProperty("error").GetString(), StringComparison.Ordinal);
        using var noOutput = await app.Admin.GetAsync($"api/v1/batch-scoring-jobs/{badJob}/output");
        Assert.Equal(HttpStatusCode.NotFound, noOutput.StatusCode);
    }

    [Fact]
    public async Task ScoreClient_CsvFile_WritesPredictionsAndReportsProgress()
    {
        var input = Path.Combine(Path.GetTempPath(), $"score-{Guid.NewGuid():N}.csv");
        var scored = Path.ChangeExtension(input, ".out.csv");
        await File.WriteAllLinesAsync(input, File.ReadLines(TestPaths.AdultTrain).Take(120).Prepend(DatasetApi.AdultColumns));
        try
        {
            var progress = new List<(long Done, long Total)>();
            using var http = new HttpClient();
            var summary = await new MlOpsPortal.ScoreClient.CsvScoringClient(http).RunAsync(
                new MlOpsPortal.ScoreClient.ScoreOptions(app.Admin.BaseAddress!, app.AdminToken, $"{Model}@production", input, scored, ChunkRows: 50),
                (done, total, _) => progress.Add((done, total)), CancellationToken.None);
            Assert.Equal(120, summary.Rows);
            Assert.Equal([(50L, 120L), (100L, 120L), (120L, 120L)], progress);
            var lines = await File.ReadAllLinesAsync(scored);
            Assert.Equal(121, lines.Length);
            Assert.EndsWith(",predicted_label,probability_<=50K,probability_>50K", lines[0], StringComparison.Ordinal);
            Assert.Contains("[###############---------------]  50%", MlOpsPortal.ScoreClient.ProgressBar.Render(60, 120, 10), StringComparison.Ordinal);

            var bad = Path.ChangeExtension(input, ".bad.csv");
            await File.WriteAllLinesAsync(bad, ["age,sex", "39,Male"]);
            var refused = await Assert.ThrowsAsync<HttpRequestException>(() => new MlOpsPortal.ScoreClient.CsvScoringClient(http).RunAsync(
                new MlOpsPortal.ScoreClient.ScoreOptions(app.Admin.BaseAddress!, app.AdminToken, $"{Model}@production", bad, scored), null, CancellationToken.None));
            Assert.Contains("missing column 'workclass'", refused.Message, StringComparison.Ordinal);
            File.Delete(bad);
        }
        finally
        {
            File.Delete(input);
            File.Delete(scored);
        }
    }

    private async Task<List<Guid>> ScoreAsync(IReadOnlyList<AdultRecord> rows, string alias)
    {
        var ids = new List<Guid>();
        foreach (var chunk in rows.Chunk(200))
        {
            var payload = new { dataframe_split = new { columns = AdultFeatures, data = chunk.Select(r => r.Features()).ToArray() } };
            using var scored = await app.Admin.PostAsync($"api/v1/models/{Model}@{alias}/predict", Json(payload));
            var body = await scored.Content.ReadFromJsonAsync<JsonElement>();
            Assert.True(scored.IsSuccessStatusCode, body.ToString());
            ids.AddRange(body.GetProperty("predictionIds").EnumerateArray().Select(e => e.GetGuid()));
        }

        return ids;
    }

    private async Task<JsonElement> DriftAsync(object request)
    {
        using var submitted = await app.Admin.PostAsync("api/v1/drift-jobs", Json(request));
        var body = await submitted.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(submitted.StatusCode == HttpStatusCode.Accepted, body.ToString());
        var jobId = body.GetProperty("jobId").GetGuid();
        var job = await DatasetApi.WaitForJobAsync(app.Admin, jobId, s => s is "Succeeded" or "Failed", TimeSpan.FromSeconds(120));
        Assert.True(job.GetProperty("status").GetString() == "Succeeded", job.ToString());
        return await app.Admin.GetFromJsonAsync<JsonElement>($"api/v1/drift-reports/{jobId}");
    }

    private static List<string> Drifted(JsonElement report) =>
        report.GetProperty("columnResults").EnumerateArray().Where(c => c.GetProperty("drifted").GetBoolean()).Select(c => c.GetProperty("column").GetString()!).ToList();

    private static readonly string[] AdultFeatures = DatasetApi.AdultColumns.Split(',')[..^1];

    private static IEnumerable<AdultRecord> AdultTestRows() =>
        File.ReadLines(TestPaths.AdultTest).Skip(1).Where(l => l.Contains(',', StringComparison.Ordinal))
            .Select(l => new AdultRecord(l.Split(',').Select(f => f.Trim()).ToArray()));

    private sealed record AdultRecord(string[] Values)
    {
        public string Income => Values[14];

        public object?[] Features() => Values[..14].Select((v, i) => v == "?" ? null : i is 0 or 2 or 4 or 10 or 11 or 12
            ? double.Parse(v, CultureInfo.InvariantCulture) : (object)v).ToArray();
    }
}

/// <summary>The scoring portal with adult.data and adult.test uploaded as datasets and version 1 as 'production'.</summary>
public sealed class MonitoringPortalApp : IAsyncLifetime
{
    private readonly ScoringPortalApp _inner = new();

    public HttpClient Admin => _inner.Admin;

    public string AdminToken => _inner.AdminToken;

    public async Task InitializeAsync()
    {
        await _inner.InitializeAsync();
        using (var alias = await Admin.PostAsync($"api/v1/models/{Model}/aliases/production/emergency-rollback", Json(new { version = 1, reason = "monitoring tests" })))
        {
            Assert.True(alias.IsSuccessStatusCode, await alias.Content.ReadAsStringAsync());
        }

        using (var data = await DatasetApi.UploadAdultAsync(Admin, "adult-data"))
        {
            Assert.True(data.IsSuccessStatusCode, await data.Content.ReadAsStringAsync());
        }

        await using var test = File.OpenRead(TestPaths.AdultTest);
        using var uploaded = await DatasetApi.UploadAsync(Admin, "adult-test", test, "adult.test", ("hasHeader", "false"), ("columnNames", DatasetApi.AdultColumns));
        Assert.True(uploaded.IsSuccessStatusCode, await uploaded.Content.ReadAsStringAsync());
    }

    public Task DisposeAsync() => _inner.DisposeAsync();
}
