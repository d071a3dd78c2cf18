using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using MlOpsPortal.Engines.Packaging;
using MlOpsPortal.Web.Tests.Datasets;
using MlOpsPortal.Web.Tests.Registry;
using MlOpsPortal.Web.Tests.Training;

namespace MlOpsPortal.Web.Tests.Explain;

public sealed class ExplanationApiTests(RegistryPortalApp app) : IClassFixture<RegistryPortalApp>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(4);

    [Fact]
    public async Task TreeShap_OnAdult_ContributionsAddUpToTheMargin_GainMatchesXGBoost_PermutationRanksTheSameLeaders()
    {
        var kit = new RegistryTestKit(app);
        using var scientist = await kit.UserAsync("explain-ds@test.local", "DataScientist");
        await TrainingApi.UploadAdultPairAsync(scientist);
        var body = TrainingApi.MinimalRequest();
        body["hyperparameters"] = new { rounds = 30, learningRate = 0.3 };
        var (job, runId) = await TrainingApi.SubmitAsync(scientist, body);
        Assert.Equal("Succeeded", (await DatasetApi.WaitForJobAsync(scientist, job, s => s is "Succeeded" or "Failed", Timeout)).GetProperty("status").GetString());
        await RegistryTestKit.CreateModelAsync(scientist, "adult-explained");
        using (var registered = await scientist.PostAsJsonAsync("api/v1/models/adult-explained/versions/from-run", new { runId }))
        {
            Assert.Equal(HttpStatusCode.Created, registered.StatusCode);
        }

        var shap = await ExplainAsync(scientist, new { model = new { name = "adult-explained", version = 1 }, dataset = new { name = "adult-test", version = 1 }, sampleSize = 500, row = 7, seed = 3 });
        Assert.Equal("succeeded", shap.GetProperty("status").GetString());
        var result = shap.GetProperty("result");
        Assert.Equal("tree_shap", result.GetProperty("method").GetString());
        Assert.Contains("log-odds", result.GetProperty("outputSpace").GetString(), StringComparison.Ordinal);
        Assert.Equal(500, result.GetProperty("sampleRows").GetInt32());
        var sample = result.GetProperty("sample");
        var rows = sample.GetProperty("rowIndices").EnumerateArray().Select(r => r.GetInt32()).ToList();
        Assert.Contains(7, rows);
        Assert.Equal(500, rows.Distinct().Count());

        // Additivity: per row, the column contributions plus the expected margin equal the model's margin.
        var bias = sample.GetProperty("bias").GetDouble();
        var margins = sample.GetProperty("margin").EnumerateArray().Select(m => m.GetDouble()).ToArray();
        var features = sample.GetProperty("features").EnumerateArray().ToList();
        Assert.Equal(14, features.Count);
        for (var r = 0; r < rows.Count; r++)
        {
            var sum = bias + features.Sum(f => f.GetProperty("shap")[r].GetDouble());
            Assert.True(Math.Abs(sum - margins[r]) < 1e-3, $"row {rows[r]}: {sum} vs margin {margins[r]}");
        }

        var probabilities = sample.GetProperty("probability").EnumerateArray().Select(p => p.GetDouble()).ToArray();
        Assert.Equal(1 / (1 + Math.Exp(-margins[0])), probabilities[0], 4);

        // Global importance: mean |SHAP| orders the columns; for a numeric column the gain is XGBoost's own.
        var global = result.GetProperty("global").EnumerateArray().ToList();
        var meanAbs = global.Select(g => g.GetProperty("meanAbsShap").GetDouble()).ToList();
        Assert.Equal(meanAbs.OrderByDescending(x => x), meanAbs);
        var top = global.Take(4).Select(g => g.GetProperty("feature").GetString()).ToList();
        Assert.True(top.Intersect(["relationship", "marital-status", "capital-gain", "age", "education-num"]).Count() >= 3, string.Join(", ", top));
        var encoded = result.GetProperty("encodedGain").EnumerateArray().ToDictionary(e => e.GetProperty("feature").GetString()!, e => e.GetProperty("gain").GetDouble());
        var capitalGain = global.Single(g => g.GetProperty("feature").GetString() == "capital-gain").GetProperty("gain").GetDouble();
        Assert.Equal(encoded["capital-gain"], capitalGain, 6);

        // Permutation importance through ONNX Runtime: AUC drops most for the leading columns.
        var permutation = await ExplainAsync(scientist, new
        {
            model = new { name = "adult-explained", version = 1 }, dataset = new { name = "adult-test", version = 1 },
            method = "permutation", label = "income", positiveClass = ">50K", sampleSize = 600, repeats = 3,
        });
        var presult = permutation.GetProperty("result");
        Assert.Equal("roc_auc", presult.GetProperty("permutation").GetProperty("metric").GetString());
        Assert.True(presult.GetProperty("permutation").GetProperty("baseline").GetDouble() > 0.85);
        var drops = presult.GetProperty("global").EnumerateArray().ToList();
        Assert.True(drops[0].GetProperty("permutationDrop").GetDouble() > 0.01, drops[0].GetRawText());
        Assert.Contains(drops[0].GetProperty("feature").GetString(), top.Concat(["occupation", "education"]));
        Assert.Equal(14, drops.Count);

        var listed = await scientist.GetFromJsonAsync<JsonElement>("api/v1/explanations?model=adult-explained&version=1");
        Assert.Equal(2, listed.GetArrayLength());

        // An external ONNX model (a package with only the ONNX graph and its signature, no XGBoost model): "auto" means
        // permutation importance through ONNX Runtime.
        ModelPackage full;
        await using (var download = await scientist.GetStreamAsync("api/v1/models/adult-explained/versions/1/download"))
        {
            full = await ModelPackageStore.ReadZipAsync(download);
        }

        using var onnxOnly = new MemoryStream();
        await ModelPackageStore.WriteZipAsync(new ModelPackage(full.Onnx, full.Signature, full.Metadata), onnxOnly);
        using (var uploaded = await RegistryTestKit.UploadAsync(scientist, "adult-explained", onnxOnly.ToArray(), "external.zip", runId: string.Empty))
        {
            Assert.True(uploaded.IsSuccessStatusCode, await uploaded.Content.ReadAsStringAsync());
        }

        using (var noShap = await scientist.PostAsJsonAsync("api/v1/explanations", new { model = new { name = "adult-explained", version = 2 }, dataset = new { name = "adult-test", version = 1 }, method = "shap" }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, noShap.StatusCode);
        }

        var external = await ExplainAsync(scientist, new
        {
            model = new { name = "adult-explained", version = 2 }, dataset = new { name = "adult-test", version = 1 },
            label = "income", positiveClass = ">50K", sampleSize = 400,
        });
        Assert.Equal("permutation", external.GetProperty("method").GetString());
        var externalGlobal = external.GetProperty("result").GetProperty("global").EnumerateArray().ToList();
        Assert.Equal(5, external.GetProperty("result").GetProperty("permutation").GetProperty("repeats").GetInt32());
        Assert.True(externalGlobal[0].GetProperty("permutationDrop").GetDouble() > 0.01);
        Assert.True(externalGlobal[0].GetProperty("permutationStd").GetDouble() >= 0);
    }

    [Fact]
    public async Task BadRequests_AreRefusedWithTheReason_AndQueueNothing()
    {
        var kit = new RegistryTestKit(app);
        using var scientist = await kit.UserAsync("explain-ds2@test.local", "DataScientist");
        await TrainingApi.UploadAdultPairAsync(scientist);
        var body = TrainingApi.MinimalRequest();
        body["hyperparameters"] = new { rounds = 5 };
        var (job, runId) = await TrainingApi.SubmitAsync(scientist, body);
        Assert.Equal("Succeeded", (await DatasetApi.WaitForJobAsync(scientist, job, s => s is "Succeeded" or "Failed", Timeout)).GetProperty("status").GetString());
        await RegistryTestKit.CreateModelAsync(scientist, "adult-bad");
        using (var registered = await scientist.PostAsJsonAsync("api/v1/models/adult-bad/versions/from-run", new { runId }))
        {
            Assert.Equal(HttpStatusCode.Created, registered.StatusCode);
        }

        using (var other = await DatasetApi.UploadAsync(scientist, "other-columns", new MemoryStream(Encoding.UTF8.GetBytes("a,b\n1,2\n3,4\n")), "other.csv"))
        {
            Assert.True(other.IsSuccessStatusCode, await other.Content.ReadAsStringAsync());
        }

        var model = new { name = "adult-bad", version = 1 };
        var test = new { name = "adult-test", version = 1 };
        await RefusedAsync(scientist, new { model = new { name = "adult-bad", version = 9 }, dataset = test }, HttpStatusCode.NotFound, "Version 9 of registered model 'adult-bad' not found");
        await RefusedAsync(scientist, new { model, dataset = new { name = "other-columns", version = 1 } }, HttpStatusCode.BadRequest, "lacks the model's input column(s): age");
        await RefusedAsync(scientist, new { model, dataset = test, method = "permutation" }, HttpStatusCode.BadRequest, "needs 'label'");
        await RefusedAsync(scientist, new { model, dataset = test, method = "permutation", label = "income" }, HttpStatusCode.BadRequest, "needs 'positiveClass'");
        await RefusedAsync(scientist, new { model, dataset = test, targetClass = "maybe" }, HttpStatusCode.BadRequest, "'targetClass' 'maybe'");
        await RefusedAsync(scientist, new { model, dataset = test, row = 999999 }, HttpStatusCode.BadRequest, "'row' must be between 0 and 16280");
        await RefusedAsync(scientist, new { model, dataset = test, sampleSize = 5000 }, HttpStatusCode.BadRequest, "'sampleSize' must be between 10 and 2000");
        var listed = await scientist.GetFromJsonAsync<JsonElement>("api/v1/explanations?model=adult-bad");
        Assert.Equal(0, listed.GetArrayLength());

        var password = await app.CreateUserAsync("explain-viewer@test.local", "Viewer");
        using var viewer = app.CreateClient(await app.TokenAsync("explain-viewer@test.local", password, "read"));
        using var forbidden = await viewer.PostAsJsonAsync("api/v1/explanations", new { model, dataset = test });
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
    }

    private static async Task RefusedAsync(HttpClient client, object request, HttpStatusCode status, string reason)
    {
        using var response = await client.PostAsJsonAsync("api/v1/explanations", request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, text);
        Assert.Contains(reason, text, StringComparison.Ordinal);
    }

    private static async Task<JsonElement> ExplainAsync(HttpClient client, object request)
    {
        using var submit = await client.PostAsJsonAsync("api/v1/explanations", request);
        var ids = await RegistryTestKit.JsonAsync(submit);
        Assert.True(submit.StatusCode == HttpStatusCode.Accepted, ids.GetRawText());
        var job = await DatasetApi.WaitForJobAsync(client, ids.GetProperty("jobId").GetGuid(), s => s is "Succeeded" or "Failed", Timeout);
        Assert.True(job.GetProperty("status").GetString() == "Succeeded", job.GetRawText());
        return await client.GetFromJsonAsync<JsonElement>($"api/v1/explanations/{ids.GetProperty("explanationId").GetGuid()}");
    }
}
