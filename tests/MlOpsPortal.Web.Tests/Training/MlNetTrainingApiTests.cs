using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MlOpsPortal.Engines.Features;
using MlOpsPortal.Engines.Packaging;
using MlOpsPortal.TestSupport;
using MlOpsPortal.Web.Tests.Datasets;
using MlOpsPortal.Web.Tests.Registry;

namespace MlOpsPortal.Web.Tests.Training;

/// <summary>ML.NET trainers through the REST API: train, register, serve (real ML.NET, real ONNX Runtime, real PostgreSQL).</summary>
public sealed class MlNetTrainingApiTests(RegistryPortalApp app) : IClassFixture<RegistryPortalApp>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(4);

    [Fact]
    public async Task TrainLightGbm_RegisterAndPredictOverRest_AnswersLikeMlNet()
    {
        var kit = new RegistryTestKit(app);
        using var scientist = await kit.UserAsync("mlnet-ds@test.local", "DataScientist");
        await TrainingApi.UploadAdultPairAsync(scientist);
        var body = TrainingApi.MinimalRequest();
        body["algorithm"] = "lightgbm";
        body["hyperparameters"] = new { rounds = 40, numberOfLeaves = 15 };
        var (job, runId) = await TrainingApi.SubmitAsync(scientist, body);
        var finished = await DatasetApi.WaitForJobAsync(scientist, job, s => s is "Succeeded" or "Failed", Timeout);
        Assert.True(finished.GetProperty("status").GetString() == "Succeeded", finished.ToString());

        var trained = await scientist.GetFromJsonAsync<JsonElement>($"api/v1/training-jobs/{job}");
        var metrics = trained.GetProperty("model").GetProperty("metrics");
        Assert.True(metrics.GetProperty("test_roc_auc").GetDouble() > 0.9, metrics.ToString());
        var run = await scientist.GetFromJsonAsync<JsonElement>($"api/v1/runs/{runId}");
        var parameters = run.GetProperty("params").EnumerateArray().ToDictionary(p => p.GetProperty("key").GetString()!, p => p.GetProperty("value").GetString());
        Assert.Equal(("lightgbm", "LightGbm", "40", "15"), (parameters["algorithm"], parameters["trainer"], parameters["n_estimators"], parameters["num_leaves"]));

        await RegistryTestKit.CreateModelAsync(scientist, "adult-lightgbm");
        using (var registered = await scientist.PostAsJsonAsync("api/v1/models/adult-lightgbm/versions/from-run", new { runId }))
        {
            Assert.Equal(HttpStatusCode.Created, registered.StatusCode);
        }

        // ML.NET's own answer: the registered package's model.mlnet.zip on the package's pipeline.
        using var download = await scientist.GetAsync("api/v1/models/adult-lightgbm/versions/1/download");
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        var package = await ModelPackageStore.ReadZipAsync(await download.Content.ReadAsStreamAsync());
        var mlNet = ModelPackageBuilder.LoadMlNet(package);
        Assert.NotNull(mlNet);
        var rows = AdultTestRows(25);
        var expected = mlNet.PredictValues(package.Pipeline!.Transform(Frame(package.Pipeline, rows)));

        using var scorer = app.CreateClient(await app.AdminTokenAsync());
        using var predicted = await scorer.PostAsJsonAsync("api/v1/models/adult-lightgbm/versions/1/predict", new { dataframe_records = rows });
        var text = await predicted.Content.ReadAsStringAsync();
        Assert.True(predicted.StatusCode == HttpStatusCode.OK, text);
        var predictions = JsonDocument.Parse(text).RootElement.GetProperty("predictions").EnumerateArray().ToList();
        Assert.Equal(rows.Count, predictions.Count);
        for (var r = 0; r < rows.Count; r++)
        {
            var p = predictions[r].GetProperty("probabilities").GetProperty(">50K").GetDouble();
            Assert.True(Math.Abs(p - expected[r]) <= 1e-5, $"row {r}: REST {p} vs ML.NET {expected[r]}");
            Assert.Equal(expected[r] > 0.5 ? ">50K" : "<=50K", predictions[r].GetProperty("label").GetString());
        }

        // Explanations of an ML.NET model come from ML.NET itself, and say so.
        using var submit = await scientist.PostAsJsonAsync("api/v1/explanations", new
        {
            model = new { name = "adult-lightgbm", version = 1 }, dataset = new { name = "adult-test", version = 1 }, sampleSize = 300, label = "income", repeats = 2, row = 4,
        });
        var ids = await RegistryTestKit.JsonAsync(submit);
        Assert.True(submit.StatusCode == HttpStatusCode.Accepted, ids.GetRawText());
        var explained = await DatasetApi.WaitForJobAsync(scientist, ids.GetProperty("jobId").GetGuid(), s => s is "Succeeded" or "Failed", Timeout);
        Assert.True(explained.GetProperty("status").GetString() == "Succeeded", explained.GetRawText());
        var explanation = await scientist.GetFromJsonAsync<JsonElement>($"api/v1/explanations/{ids.GetProperty("explanationId").GetGuid()}");
        var result = explanation.GetProperty("result");
        Assert.Equal("mlnet", result.GetProperty("method").GetString());
        Assert.Equal("ML.NET feature contribution calculation", result.GetProperty("localMethod").GetString());
        Assert.Equal("ML.NET permutation feature importance", result.GetProperty("globalMethod").GetString());
        Assert.Equal("roc_auc", result.GetProperty("permutation").GetProperty("metric").GetString());
        Assert.True(result.GetProperty("permutation").GetProperty("baseline").GetDouble() > 0.85);
        var global = result.GetProperty("global").EnumerateArray().ToList();
        Assert.Equal(14, global.Count);
        Assert.True(global[0].GetProperty("permutationDrop").GetDouble() > 0, global[0].ToString());
        var sample = result.GetProperty("sample");
        Assert.Contains(4, sample.GetProperty("rowIndices").EnumerateArray().Select(x => x.GetInt32()));
        Assert.Equal(14, sample.GetProperty("features").GetArrayLength());
    }

    [Fact]
    public async Task SubmitMlNetJob_WithBadAlgorithmOrHyperparameters_400NamingTheFieldNothingQueued()
    {
        using var client = app.CreateClient(await app.AdminTokenAsync());
        await TrainingApi.UploadAdultPairAsync(client);
        var before = await TrainingApi.TrainingJobCountAsync(client);
        var cases = new (Action<Dictionary<string, object?>> Change, string Reason)[]
        {
            (b => b["algorithm"] = "catboost", "'algorithm' must be one of gbtree, gblinear, lightgbm, fasttree, fastforest, sdca, lbfgs"),
            (b => { b["algorithm"] = "lightgbm"; b["hyperparameters"] = new { maxDepth = 4 }; }, "'hyperparameters.maxDepth' does not apply to algorithm 'lightgbm'"),
            (b => { b["algorithm"] = "gbtree"; b["hyperparameters"] = new { numberOfLeaves = 4 }; }, "'hyperparameters.numberOfLeaves' does not apply to algorithm 'gbtree'"),
            (b => { b["algorithm"] = "fastforest"; b["hyperparameters"] = new { learningRate = 0.1 }; }, "'hyperparameters.learningRate' does not apply to algorithm 'fastforest'"),
            (b => { b["algorithm"] = "fasttree"; b["hyperparameters"] = new { numberOfLeaves = 1 }; }, "'hyperparameters.numberOfLeaves' must be between 2 and 131072"),
            (b => { b["algorithm"] = "sdca"; b["hyperparameters"] = new { l2Regularization = -1 }; }, "'hyperparameters.l2Regularization' must not be negative"),
            (b => { b["algorithm"] = "lightgbm"; b["imbalance"] = "scalePosWeight"; }, "'imbalance' scalePosWeight is XGBoost's"),
            (b => { b["algorithm"] = "fasttree"; b["label"] = "relationship"; b.Remove("positiveClass"); }, "'algorithm' fasttree has no multiclass trainer in ML.NET"),
            (b => { b["algorithm"] = "lbfgs"; b["label"] = "hours-per-week"; b.Remove("positiveClass"); }, "'algorithm' lbfgs has no regression trainer in ML.NET"),
        };
        foreach (var (change, reason) in cases)
        {
            var body = TrainingApi.MinimalRequest();
            change(body);
            using var response = await client.PostAsJsonAsync("api/v1/training-jobs", body);
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{reason}: {(int)response.StatusCode} {text}");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.Contains(reason, JsonDocument.Parse(text).RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }

        Assert.Equal(before, await TrainingApi.TrainingJobCountAsync(client));
    }

    /// <summary>The first rows of adult.test as records (missing "?" left out, numbers as numbers).</summary>
    private static List<Dictionary<string, object>> AdultTestRows(int count)
    {
        var columns = DatasetApi.AdultColumns.Split(',');
        return File.ReadLines(TestPaths.AdultTest)
            .Where(l => l.Length > 0 && !l.StartsWith('|'))
            .Select(l => l.Split(',').Select(f => f.Trim()).ToArray())
            .Where(f => f.Length == 15)
            .Take(count)
            .Select(f => columns.Take(14).Select((c, i) => (c, f[i])).Where(x => x.Item2 != "?")
                .ToDictionary(x => x.c, x => double.TryParse(x.Item2, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? (object)d : x.Item2))
            .ToList();
    }

    private static TabularFrame Frame(FeaturePipeline pipeline, List<Dictionary<string, object>> rows)
    {
        var frame = new TabularFrame(rows.Count);
        foreach (var column in pipeline.Columns)
        {
            if (column.Kind == ColumnKind.Numeric)
            {
                frame.AddNumeric(column.Name, rows.Select(r => r.TryGetValue(column.Name, out var v) ? (float)(double)v : float.NaN).ToArray());
            }
            else
            {
                frame.AddCategorical(column.Name, rows.Select(r => r.TryGetValue(column.Name, out var v) ? (string?)v.ToString() : null).ToArray());
            }
        }

        return frame;
    }
}
