using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MlOpsPortal.Web.Tests.Datasets;
using static MlOpsPortal.Web.Tests.Inference.ScoringPortalApp;

namespace MlOpsPortal.Web.Tests.Inference;

/// <summary>"Run now" on a monitor whose alias has never been called (no logged predictions): it works against a chosen dataset version and says what it compared.</summary>
public sealed partial class MonitoringApiTests
{
    [Fact]
    public async Task RunNow_MonitorWithoutTraffic_AsksForADatasetVersionThenComparesWithIt()
    {
        using (var alias = await app.Admin.PutAsync($"api/v1/models/{Model}/aliases/quiet", Json(new { version = 1 })))
        {
            Assert.True(alias.IsSuccessStatusCode, await alias.Content.ReadAsStringAsync());
        }

        using (var created = await app.Admin.PostAsync("api/v1/monitors", Json(new { name = "adult-quiet", model = Model, alias = "quiet", reference = new { name = "adult-data", version = 1 } })))
        {
            Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        }

        using (var bare = await app.Admin.PostAsync("api/v1/monitors/adult-quiet/run", null))
        {
            var problem = await bare.Content.ReadAsStringAsync();
            Assert.Equal(HttpStatusCode.BadRequest, bare.StatusCode);
            Assert.Equal("application/problem+json", bare.Content.Headers.ContentType?.MediaType);
            Assert.Contains("no window of traffic", problem, StringComparison.Ordinal);
            Assert.Contains("\"current\"", problem, StringComparison.Ordinal);
        }

        using var run = await app.Admin.PostAsync("api/v1/monitors/adult-quiet/run", Json(new { current = new { name = "adult-test", version = 1 } }));
        var submitted = await run.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(run.StatusCode == HttpStatusCode.Accepted, submitted.ToString());
        Assert.Equal("Compared with the chosen dataset version adult-test@v1.", submitted.GetProperty("compared").GetString());
        var jobId = submitted.GetProperty("jobId").GetGuid();
        var job = await DatasetApi.WaitForJobAsync(app.Admin, jobId, s => s is "Succeeded" or "Failed", TimeSpan.FromSeconds(120));
        Assert.True(job.GetProperty("status").GetString() == "Succeeded", job.ToString());

        var report = await app.Admin.GetFromJsonAsync<JsonElement>($"api/v1/drift-reports/{jobId}");
        Assert.Equal("adult-data@v1", report.GetProperty("reference").GetString());
        Assert.Equal("adult-test@v1", report.GetProperty("current").GetString());
        var monitor = await app.Admin.GetFromJsonAsync<JsonElement>("api/v1/monitors/adult-quiet");
        Assert.Equal(jobId, monitor.GetProperty("latest").GetProperty("id").GetGuid());

        using var missing = await app.Admin.PostAsync("api/v1/monitors/adult-quiet/run", Json(new { current = new { name = "adult-test", version = 9 } }));
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Contains("adult-test@v9", await missing.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
