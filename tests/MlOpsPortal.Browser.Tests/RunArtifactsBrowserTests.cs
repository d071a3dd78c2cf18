using System.Net.Http.Json;
using System.Net;
using System.Net.Http.Headers;
using Microsoft.Playwright;
using MlOpsPortal.TestSupport.Web;

namespace MlOpsPortal.Browser.Tests;

/// <summary>Files logged to a run appear in its Artifacts tab; Preview shows a CSV as a table; the link downloads the file.</summary>
public sealed class RunArtifactsBrowserTests(BrowserFixture portal) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task ArtifactsTab_PreviewCsvAndDownload_ShowsRowsAndSavesSameBytes()
    {
        using var api = portal.CreateClient(await portal.AdminTokenAsync());
        using var experiment = await api.PostAsJsonAsync("api/2.0/mlflow/experiments/create", new { name = "browser-artifacts" });
        var experimentId = (await experiment.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("experiment_id").GetString();
        using var run = await api.PostAsJsonAsync("api/2.0/mlflow/runs/create", new { experiment_id = experimentId, run_name = "with-files" });
        var runId = (await run.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("run").GetProperty("info").GetProperty("run_id").GetString();
        var csv = "feature,gain\nage,0.31\nhours,0.12\n"u8.ToArray();
        await PutAsync(api, $"api/v1/runs/{runId}/artifacts/importance/gain.csv", csv);
        await PutAsync(api, $"api/v1/runs/{runId}/artifacts/model.bin", new byte[4096]);

        var (context, page) = await portal.NewPageAsync();
        await using var _ = context;
        await BrowserFixture.SignInAsync(page, PortalApp.AdminEmail, PortalApp.AdminPassword);
        await Assertions.Expect(page.Locator("#interactive-state")).ToHaveTextAsync("connected");
        // Navigate inside the connected circuit (as a click on a link would), so the run page is interactive at once.
        await page.EvaluateAsync($"() => Blazor.navigateTo('/runs/{runId}')");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("with-files");
        await page.GetByText("Artifacts (2)").ClickAsync();
        var csvRow = page.Locator("#run-artifacts tr[data-path='importance/gain.csv']");
        await Assertions.Expect(csvRow).ToContainTextAsync($"{csv.Length} B");
        await Assertions.Expect(page.Locator("#run-artifacts tr[data-path='model.bin'] .artifact-preview-button")).ToHaveCountAsync(0);

        await csvRow.Locator(".artifact-preview-button").ClickAsync();
        await Assertions.Expect(page.Locator("#run-artifact-preview table.artifact-csv tr")).ToHaveCountAsync(3);
        await Assertions.Expect(page.Locator("#run-artifact-preview")).ToContainTextAsync("hours");

        var download = await page.RunAndWaitForDownloadAsync(() => csvRow.Locator("a.artifact-download").ClickAsync());
        Assert.Equal("gain.csv", download.SuggestedFilename);
        var saved = await download.PathAsync();
        Assert.Equal(csv, await File.ReadAllBytesAsync(saved!));
    }

    private static async Task PutAsync(HttpClient api, string path, byte[] bytes)
    {
        using var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        using var response = await api.PutAsync(path, content);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }
}
