using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using MlOpsPortal.Infrastructure.Artifacts;
using MlOpsPortal.TestSupport.Web;

namespace MlOpsPortal.Web.Tests.Tracking;

/// <summary>Run artifacts over /api/v1: streamed upload into the content-addressed store, tree listing, verified download.</summary>
public sealed class RunArtifactApiTests(PortalApp app) : IClassFixture<PortalApp>
{
    [Fact]
    public async Task UploadListDownload_CsvInSubdirectory_SameBytesSizeAndSha256()
    {
        using var client = app.CreateClient(await app.AdminTokenAsync());
        var runId = await client.CreateRunAsync(await client.CreateExperimentAsync("artifacts-roundtrip"));
        var bytes = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Range(0, 20_000).Select(i => $"{i},{i * 0.5}\n")));
        var sha = Convert.ToHexStringLower(SHA256.HashData(bytes));

        using (var put = await PutAsync(client, $"api/v1/runs/{runId}/artifacts/eval/scores.csv", bytes))
        {
            Assert.Equal(HttpStatusCode.Created, put.StatusCode);
            var created = await put.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal(sha, created.GetProperty("sha256").GetString());
            Assert.Equal(bytes.Length, created.GetProperty("sizeBytes").GetInt64());
        }

        using (var put = await PutAsync(client, $"api/v1/runs/{runId}/artifacts/notes.txt", "hello"u8.ToArray()))
        {
            Assert.Equal(HttpStatusCode.Created, put.StatusCode);
        }

        var tree = await client.GetFromJsonAsync<JsonElement>($"api/v1/runs/{runId}/artifacts");
        var files = tree.GetProperty("files").EnumerateArray().ToList();
        Assert.Equal(new[] { "eval", "eval/scores.csv", "notes.txt" }, files.Select(f => f.GetProperty("path").GetString()!).ToArray());
        Assert.True(files[0].GetProperty("isDir").GetBoolean());
        Assert.Equal(bytes.Length, files[0].GetProperty("sizeBytes").GetInt64());
        Assert.Equal(sha, files[1].GetProperty("sha256").GetString());
        Assert.Equal($"mlflow-artifacts:/{tree.GetProperty("experimentId").GetString()}/{runId}/artifacts", tree.GetProperty("rootUri").GetString());

        using var download = await client.GetAsync($"api/v1/runs/{runId}/artifacts/eval/scores.csv");
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        var body = await download.Content.ReadAsByteArrayAsync();
        Assert.Equal(bytes, body);
        Assert.Equal(sha, Convert.ToHexStringLower(SHA256.HashData(body)));
        Assert.Equal($"\"{sha}\"", download.Headers.ETag?.Tag);
        Assert.Equal("text/csv", download.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attachment", download.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal("scores.csv", download.Content.Headers.ContentDisposition?.FileName?.Trim('"'));

        using var missing = await client.GetAsync($"api/v1/runs/{runId}/artifacts/eval/none.csv");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task Upload_SamePathTwice_LatestContentWinsAndBothAreAudited()
    {
        using var client = app.CreateClient(await app.AdminTokenAsync());
        var runId = await client.CreateRunAsync(await client.CreateExperimentAsync("artifacts-overwrite"));
        (await PutAsync(client, $"api/v1/runs/{runId}/artifacts/a.json", "{\"v\":1}"u8.ToArray())).Dispose();
        (await PutAsync(client, $"api/v1/runs/{runId}/artifacts/a.json", "{\"v\":2}"u8.ToArray())).Dispose();

        Assert.Equal("{\"v\":2}", await client.GetStringAsync($"api/v1/runs/{runId}/artifacts/a.json"));
        var audit = await client.GetFromJsonAsync<JsonElement>($"api/v1/audit?entityId={runId}&action=run.artifact_logged");
        Assert.Equal(2, audit.EnumerateArray().Count(e => e.GetProperty("action").GetString() == "run.artifact_logged"));
    }

    [Fact]
    public async Task Upload_NonAsciiNameWithSpaces_LocationEscapedAndDownloadNamed()
    {
        using var client = app.CreateClient(await app.AdminTokenAsync());
        var runId = await client.CreateRunAsync(await client.CreateExperimentAsync("artifacts-unicode"));

        using var put = await PutAsync(client, $"api/v1/runs/{runId}/artifacts/{Uri.EscapeDataString("résumé")}/{Uri.EscapeDataString("über plot.txt")}", "ü"u8.ToArray());
        Assert.Equal(HttpStatusCode.Created, put.StatusCode);
        Assert.Equal($"/api/v1/runs/{runId}/artifacts/r%C3%A9sum%C3%A9/%C3%BCber%20plot.txt", put.Headers.Location?.OriginalString);

        using var get = await client.GetAsync(put.Headers.Location!.OriginalString.TrimStart('/'));
        Assert.Equal("ü", await get.Content.ReadAsStringAsync());
        Assert.Equal("über plot.txt", get.Content.Headers.ContentDisposition?.FileNameStar);
        var tree = await client.GetFromJsonAsync<JsonElement>($"api/v1/runs/{runId}/artifacts");
        Assert.Equal("résumé/über plot.txt", tree.GetProperty("files")[1].GetProperty("path").GetString());
    }

    [Theory]
    [InlineData("..%5C..%5Cevil.txt")]
    [InlineData("dir%5Cevil.txt")]
    public async Task Upload_UnsafePath_400ProblemAndNothingLogged(string path)
    {
        using var client = app.CreateClient(await app.AdminTokenAsync());
        var runId = await client.CreateRunAsync(await client.CreateExperimentAsync("artifacts-unsafe-" + Guid.NewGuid().ToString("N")[..8]));

        using var put = await PutAsync(client, $"api/v1/runs/{runId}/artifacts/{path}", "x"u8.ToArray());
        Assert.Equal(HttpStatusCode.BadRequest, put.StatusCode);
        Assert.Equal("application/problem+json", put.Content.Headers.ContentType?.MediaType);
        var tree = await client.GetFromJsonAsync<JsonElement>($"api/v1/runs/{runId}/artifacts");
        Assert.Equal(0, tree.GetProperty("files").GetArrayLength());
    }

    [Theory]
    [InlineData("../../etc")]
    [InlineData("/etc")]
    [InlineData("a/./b")]
    public async Task List_TraversalInPath_400InBothApis(string path)
    {
        using var client = app.CreateClient(await app.AdminTokenAsync());
        var experimentId = await client.CreateExperimentAsync("artifacts-traversal-" + Guid.NewGuid().ToString("N")[..8]);
        var runId = await client.CreateRunAsync(experimentId);

        using var v1 = await client.GetAsync($"api/v1/runs/{runId}/artifacts?path={Uri.EscapeDataString(path)}");
        Assert.Equal(HttpStatusCode.BadRequest, v1.StatusCode);
        (await client.MlGetAsync($"artifacts/list?run_id={runId}&path={Uri.EscapeDataString(path)}"))
            .AssertError(HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE", "Artifact path");
        (await client.MlGetAsync($"api/2.0/mlflow-artifacts/artifacts?path={Uri.EscapeDataString($"{experimentId}/{runId}/artifacts/{path}")}", mlflow: false))
            .AssertError(HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE", "Artifact path");
    }

    [Fact]
    public async Task Upload_FileOverDirectoryOrUnderFile_409AndDeletedRun_409()
    {
        using var client = app.CreateClient(await app.AdminTokenAsync());
        var runId = await client.CreateRunAsync(await client.CreateExperimentAsync("artifacts-conflicts"));
        (await PutAsync(client, $"api/v1/runs/{runId}/artifacts/model/MLmodel", "m"u8.ToArray())).Dispose();

        using (var overDir = await PutAsync(client, $"api/v1/runs/{runId}/artifacts/model", "x"u8.ToArray()))
        {
            Assert.Equal(HttpStatusCode.Conflict, overDir.StatusCode);
        }

        using (var underFile = await PutAsync(client, $"api/v1/runs/{runId}/artifacts/model/MLmodel/x", "x"u8.ToArray()))
        {
            Assert.Equal(HttpStatusCode.Conflict, underFile.StatusCode);
        }

        Assert.Equal(HttpStatusCode.OK, (await client.MlPostAsync("runs/delete", new { run_id = runId })).Status);
        using var deleted = await PutAsync(client, $"api/v1/runs/{runId}/artifacts/late.txt", "x"u8.ToArray());
        Assert.Equal(HttpStatusCode.Conflict, deleted.StatusCode);
    }

    [Fact]
    public async Task Upload_Viewer_403AndReadOk()
    {
        using var admin = app.CreateClient(await app.AdminTokenAsync());
        var runId = await admin.CreateRunAsync(await admin.CreateExperimentAsync("artifacts-viewer"));
        (await PutAsync(admin, $"api/v1/runs/{runId}/artifacts/r.txt", "r"u8.ToArray())).Dispose();
        var password = await app.CreateUserAsync("artifact-viewer@example.com", "Viewer");
        using var viewer = app.CreateClient(await app.TokenAsync("artifact-viewer@example.com", password, "read", "write"));

        using var put = await PutAsync(viewer, $"api/v1/runs/{runId}/artifacts/v.txt", "v"u8.ToArray());
        Assert.Equal(HttpStatusCode.Forbidden, put.StatusCode);
        Assert.Equal("r", await viewer.GetStringAsync($"api/v1/runs/{runId}/artifacts/r.txt"));
    }

    [Fact]
    public async Task Download_BlobDamagedOnDisk_ResponseCutShortNeverTheFullBytes()
    {
        using var client = app.CreateClient(await app.AdminTokenAsync());
        var runId = await client.CreateRunAsync(await client.CreateExperimentAsync("artifacts-damaged"));
        var bytes = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Range(0, 50_000).Select(i => $"line {i}\n")));
        using (var put = await PutAsync(client, $"api/v1/runs/{runId}/artifacts/big.log", bytes))
        {
            Assert.Equal(HttpStatusCode.Created, put.StatusCode);
        }

        var path = app.Services.GetRequiredService<LocalArtifactStore>().PathFor(Convert.ToHexStringLower(SHA256.HashData(bytes)));
        File.SetAttributes(path, FileAttributes.Normal);
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        await using (var file = new FileStream(path, FileMode.Open, FileAccess.ReadWrite))
        {
            file.Position = bytes.Length - 10;
            file.WriteByte((byte)'X');
        }

        // Same length, one byte changed: the server detects it before sending the last bytes and aborts the response.
        await Assert.ThrowsAsync<HttpRequestException>(() => client.GetByteArrayAsync($"api/v1/runs/{runId}/artifacts/big.log"));
    }

    internal static async Task<HttpResponseMessage> PutAsync(HttpClient client, string path, byte[] bytes)
    {
        using var content = new StreamContent(new MemoryStream(bytes));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        return await client.PutAsync(path, content);
    }
}
