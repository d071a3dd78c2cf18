using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MlOpsPortal.TestSupport;
using MlOpsPortal.Web.Tests.Datasets;

namespace MlOpsPortal.Web.Tests.Training;

/// <summary>Helpers to drive the training API: the Adult uploads and the minimal request.</summary>
internal static class TrainingApi
{
    public static async Task UploadAdultPairAsync(HttpClient client)
    {
        using (var train = await DatasetApi.UploadAdultAsync(client, "adult-train"))
        {
            Assert.True(train.StatusCode is HttpStatusCode.Created or HttpStatusCode.OK, await train.Content.ReadAsStringAsync());
        }

        await using var file = File.OpenRead(TestPaths.AdultTest);
        using var test = await DatasetApi.UploadAsync(client, "adult-test", file, "adult.test", ("hasHeader", "false"), ("columnNames", DatasetApi.AdultColumns));
        Assert.True(test.StatusCode is HttpStatusCode.Created or HttpStatusCode.OK, await test.Content.ReadAsStringAsync());
    }

    public static Dictionary<string, object?> MinimalRequest() => new()
    {
        ["experiment"] = "adult",
        ["trainDataset"] = new { name = "adult-train", version = 1 },
        ["testDataset"] = new { name = "adult-test", version = 1 },
        ["label"] = "income",
        ["positiveClass"] = ">50K",
    };

    public static async Task<(Guid JobId, string RunId)> SubmitAsync(HttpClient client, object body)
    {
        using var response = await client.PostAsJsonAsync("api/v1/training-jobs", body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, text);
        var json = JsonDocument.Parse(text).RootElement;
        return (json.GetProperty("jobId").GetGuid(), json.GetProperty("runId").GetString()!);
    }

    public static async Task<int> TrainingJobCountAsync(HttpClient client)
    {
        var page = await client.GetFromJsonAsync<JsonElement>("api/v1/jobs?kind=training&take=1");
        return page.GetProperty("total").GetInt32();
    }

    /// <summary>The job once it reports training rounds (its step reads "Round i of N").</summary>
    public static async Task<JsonElement> WaitForRoundsAsync(HttpClient client, Guid jobId, TimeSpan timeout)
    {
        var job = await DatasetApi.WaitForJobAsync(client, jobId, s => s != "Queued", timeout);
        var deadline = DateTime.UtcNow + timeout;
        while (job.GetProperty("step").GetString()?.StartsWith("Round", StringComparison.Ordinal) != true && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
            job = await client.GetFromJsonAsync<JsonElement>($"api/v1/jobs/{jobId}");
        }

        return job;
    }
}
