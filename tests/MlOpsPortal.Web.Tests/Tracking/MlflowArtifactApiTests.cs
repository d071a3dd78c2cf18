using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using MlOpsPortal.TestSupport.Web;
using MlOpsPortal.Web.Tests.Datasets;
using MlOpsPortal.Web.Tests.Training;

namespace MlOpsPortal.Web.Tests.Tracking;

/// <summary>
/// MLflow's artifact APIs as its Python client calls them for a run whose artifact_uri is
/// <c>mlflow-artifacts:/{experiment}/{run}/artifacts</c>: PUT/GET/list on the proxy, and artifacts/list.
/// </summary>
public sealed class MlflowArtifactApiTests(PortalApp app) : IClassFixture<PortalApp>
{
    [Fact]
    public async Task ProxyUpload_ThenArtifactsList_MlflowShapeWithRootUriAndSizes()
    {
        using var client = app.CreateClient(await app.AdminTokenAsync());
        var experimentId = await client.CreateExperimentAsync("mlflow-artifacts");
        var runId = await client.CreateRunAsync(experimentId);
        var (_, run) = await client.MlGetAsync($"runs/get?run_id={runId}");
        var artifactUri = run.GetProperty("run").GetProperty("info").GetProperty("artifact_uri").GetString()!;
        Assert.Equal($"mlflow-artifacts:/{experimentId}/{runId}/artifacts", artifactUri);
        // MLflow's client turns mlflow-artifacts:/<path> into <tracking uri>/api/2.0/mlflow-artifacts/artifacts/<path>.
        var proxy = "api/2.0/mlflow-artifacts/artifacts/" + artifactUri["mlflow-artifacts:/".Length..];
        var mlmodel = Encoding.UTF8.GetBytes("flavors:\n  python_function: {}\n");
        var metrics = Encoding.UTF8.GetBytes("{\"auc\": 0.91}");

        foreach (var (path, bytes) in new[] { ("model/MLmodel", mlmodel), ("metrics.json", metrics) })
        {
            using var put = await RunArtifactApiTests.PutAsync(client, $"{proxy}/{path}", bytes);
            Assert.Equal(HttpStatusCode.OK, put.StatusCode);
            Assert.Equal("{}", await put.Content.ReadAsStringAsync());
        }

        var (status, root) = await client.MlGetAsync($"artifacts/list?run_id={runId}");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(artifactUri, root.GetProperty("root_uri").GetString());
        var files = root.GetProperty("files").EnumerateArray().ToList();
        Assert.Equal(2, files.Count);
        Assert.Equal("metrics.json", files[0].GetProperty("path").GetString());
        Assert.False(files[0].GetProperty("is_dir").GetBoolean());
        Assert.Equal(JsonValueKind.Number, files[0].GetProperty("file_size").ValueKind);
        Assert.Equal(metrics.Length, files[0].GetProperty("file_size").GetInt64());
        Assert.Equal("model", files[1].GetProperty("path").GetString());
        Assert.True(files[1].GetProperty("is_dir").GetBoolean());
        Assert.False(files[1].TryGetProperty("file_size", out _));

        var (_, model) = await client.MlGetAsync($"artifacts/list?run_uuid={runId}&path=model");
        Assert.Equal("model/MLmodel", model.GetProperty("files")[0].GetProperty("path").GetString());
        var (_, empty) = await client.MlGetAsync($"artifacts/list?run_id={runId}&path=nothing-here");
        Assert.False(empty.TryGetProperty("files", out _));

        var listPath = Uri.EscapeDataString(artifactUri["mlflow-artifacts:/".Length..] + "/model");
        var (_, proxied) = await client.MlGetAsync($"api/2.0/mlflow-artifacts/artifacts?path={listPath}", mlflow: false);
        Assert.Equal("MLmodel", proxied.GetProperty("files")[0].GetProperty("path").GetString());
        Assert.Equal(mlmodel.Length, proxied.GetProperty("files")[0].GetProperty("file_size").GetInt64());

        using var get = await client.GetAsync($"{proxy}/model/MLmodel");
        Assert.Equal(mlmodel, await get.Content.ReadAsByteArrayAsync());
        Assert.Equal("attachment", get.Content.Headers.ContentDisposition?.DispositionType);
    }

    [Fact]
    public async Task Proxy_WrongExperimentOrUnknownRunOrMalformedPath_MlflowErrors()
    {
        using var client = app.CreateClient(await app.AdminTokenAsync());
        var experimentId = await client.CreateExperimentAsync("mlflow-artifacts-errors");
        var runId = await client.CreateRunAsync(experimentId);

        using (var wrong = await RunArtifactApiTests.PutAsync(client, $"api/2.0/mlflow-artifacts/artifacts/999/{runId}/artifacts/x.txt", "x"u8.ToArray()))
        {
            Assert.Equal(HttpStatusCode.NotFound, wrong.StatusCode);
            Assert.Equal("RESOURCE_DOES_NOT_EXIST", (await wrong.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error_code").GetString());
        }

        (await client.MlGetAsync($"api/2.0/mlflow-artifacts/artifacts/{experimentId}/{new string('a', 32)}/artifacts/x.txt", mlflow: false))
            .AssertError(HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST", "not found");
        (await client.MlGetAsync("api/2.0/mlflow-artifacts/artifacts/not-a-run-path", mlflow: false))
            .AssertError(HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE", "<experiment_id>/<run_id>/artifacts");
        (await client.MlGetAsync($"artifacts/list?run_id={new string('b', 32)}"))
            .AssertError(HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST", "not found");
    }

    [Fact]
    public async Task TrainingRun_ArtifactsListing_ShowsPackageFeatureImportanceAndEvaluation()
    {
        using var client = app.CreateClient(await app.AdminTokenAsync());
        await TrainingApi.UploadAdultPairAsync(client);
        var request = TrainingApi.MinimalRequest();
        request["hyperparameters"] = new { rounds = 15 };
        var (jobId, runId) = await TrainingApi.SubmitAsync(client, request);
        var job = await DatasetApi.WaitForJobAsync(client, jobId, s => s is "Succeeded" or "Failed" or "Cancelled", TimeSpan.FromMinutes(4));
        Assert.True(job.GetProperty("status").GetString() == "Succeeded", job.GetRawText());
        var trained = await client.GetFromJsonAsync<JsonElement>($"api/v1/training-jobs/{jobId}");
        var packageSha = trained.GetProperty("model").GetProperty("packageSha256").GetString();

        var tree = await client.GetFromJsonAsync<JsonElement>($"api/v1/runs/{runId}/artifacts");
        var files = tree.GetProperty("files").EnumerateArray().ToDictionary(f => f.GetProperty("path").GetString()!);
        Assert.Equal(packageSha, files["model/package.zip"].GetProperty("sha256").GetString());
        Assert.Equal("training", files["model/package.zip"].GetProperty("source").GetString());
        Assert.True(files.ContainsKey("feature_importance.json") && files.ContainsKey("evaluation.json"), string.Join(", ", files.Keys));

        using var package = await client.GetAsync($"api/v1/runs/{runId}/artifacts/model/package.zip");
        Assert.Equal("application/zip", package.Content.Headers.ContentType?.MediaType);
        Assert.Equal(packageSha, Convert.ToHexStringLower(SHA256.HashData(await package.Content.ReadAsByteArrayAsync())));
        var importance = JsonDocument.Parse(await client.GetStringAsync($"api/v1/runs/{runId}/artifacts/feature_importance.json")).RootElement;
        Assert.True(importance.GetArrayLength() > 5);

        var (_, mlflowRoot) = await client.MlGetAsync($"artifacts/list?run_id={runId}");
        Assert.Contains(mlflowRoot.GetProperty("files").EnumerateArray(), f => f.GetProperty("path").GetString() == "model" && f.GetProperty("is_dir").GetBoolean());

        using var overwrite = await RunArtifactApiTests.PutAsync(client, $"api/v1/runs/{runId}/artifacts/model/package.zip", "fake"u8.ToArray());
        Assert.Equal(HttpStatusCode.Conflict, overwrite.StatusCode);
    }
}
