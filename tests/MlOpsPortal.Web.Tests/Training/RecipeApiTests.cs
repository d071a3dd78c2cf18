using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using MlOpsPortal.TestSupport;
using MlOpsPortal.TestSupport.Web;
using MlOpsPortal.Web.Tests.Datasets;

namespace MlOpsPortal.Web.Tests.Training;

public sealed class RecipeApiTests(PortalApp app) : IClassFixture<PortalApp>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(5);

    [Fact]
    public async Task Recipe_ScheduledNightly_ShowsNextFireTime_RunNowTrainsOnNewestVersion_AndComparesWithTheChampion()
    {
        using var client = app.CreateClient(await app.AdminTokenAsync());
        await TrainingApi.UploadAdultPairAsync(client);
        var training = TrainingApi.MinimalRequest();
        training["hyperparameters"] = new { rounds = 20 };

        // The champion: a first model, registered and put in production.
        var (championJob, championRun) = await TrainingApi.SubmitAsync(client, training);
        Assert.Equal("Succeeded", (await DatasetApi.WaitForJobAsync(client, championJob, s => s is "Succeeded" or "Failed", Timeout)).GetProperty("status").GetString());
        using (var model = await client.PostAsJsonAsync("api/v1/models", new { name = "adult-recipe" })) { Assert.Equal(HttpStatusCode.Created, model.StatusCode); }
        using (var v1 = await client.PostAsJsonAsync("api/v1/models/adult-recipe/versions/from-run", new { runId = championRun })) { Assert.Equal(HttpStatusCode.Created, v1.StatusCode); }
        using (var production = await client.PostAsJsonAsync("api/v1/models/adult-recipe/aliases/production/emergency-rollback", new { version = 1, reason = "seed the champion" }))
        {
            Assert.Equal(HttpStatusCode.OK, production.StatusCode);
        }

        // Bad recipes are refused with the reason.
        await RefusedAsync(client, new { name = "bad-cron", training, cron = "every night" }, HttpStatusCode.BadRequest, "not a valid cron expression");
        await RefusedAsync(client, new { name = "bad-model", training, model = "nope" }, HttpStatusCode.NotFound, "Registered model 'nope' does not exist");
        var badLabel = TrainingApi.MinimalRequest();
        badLabel["label"] = "salary";
        await RefusedAsync(client, new { name = "bad-label", training = badLabel }, HttpStatusCode.BadRequest, "label column 'salary'");

        // Scheduled nightly at 02:00 UTC: the next fire time is shown.
        using (var created = await client.PostAsJsonAsync("api/v1/recipes", new { name = "adult-nightly", training, model = "adult-recipe", cron = "0 0 2 * * ?" }))
        {
            var body = await created.Content.ReadAsStringAsync();
            Assert.True(created.StatusCode == HttpStatusCode.Created, body);
            var next = JsonDocument.Parse(body).RootElement.GetProperty("nextFireAt").GetDateTimeOffset();
            Assert.Equal((2, 0, 0), (next.UtcDateTime.Hour, next.UtcDateTime.Minute, next.UtcDateTime.Second));
            Assert.True(next > DateTimeOffset.UtcNow && next <= DateTimeOffset.UtcNow.AddDays(1));
        }

        await RefusedAsync(client, new { name = "adult-nightly", training }, HttpStatusCode.Conflict, "exists already");
        var page = await client.GetStringAsync("training/recipes");
        Assert.Contains("data-recipe=\"adult-nightly\"", page, StringComparison.Ordinal);
        Assert.Contains("02:00:00 UTC", page, StringComparison.Ordinal);

        // New data arrives: a second version of the training set. "Run now" trains on it and compares with production.
        var lines = File.ReadLines(TestPaths.AdultTrain).Take(20000);
        using (var v2 = await DatasetApi.UploadAsync(client, "adult-train", new MemoryStream(Encoding.UTF8.GetBytes(string.Join('\n', lines) + "\n")), "adult-part.data",
            ("hasHeader", "false"), ("columnNames", DatasetApi.AdultColumns)))
        {
            Assert.Equal(HttpStatusCode.Created, v2.StatusCode);
        }

        using var run = await client.PostAsync("api/v1/recipes/adult-nightly/run", null);
        var firing = JsonDocument.Parse(await run.Content.ReadAsStringAsync()).RootElement;
        Assert.True(run.StatusCode == HttpStatusCode.Accepted, firing.GetRawText());
        var job = await DatasetApi.WaitForJobAsync(client, firing.GetProperty("id").GetGuid(), s => s is "Succeeded" or "Failed", Timeout);
        Assert.True(job.GetProperty("status").GetString() == "Succeeded", job.GetRawText());

        var recipe = await client.GetFromJsonAsync<JsonElement>("api/v1/recipes/adult-nightly");
        var recorded = recipe.GetProperty("firings")[0];
        Assert.Equal("Succeeded", recorded.GetProperty("status").GetString());
        Assert.Equal("manual", recorded.GetProperty("trigger").GetString());
        Assert.Equal("adult-train@v2", recorded.GetProperty("trainDataset").GetString());
        Assert.Equal(1, recorded.GetProperty("championVersion").GetInt32());
        Assert.Contains("Against the champion (version 1) on adult-test@v1: roc_auc", recorded.GetProperty("outcome").GetString(), StringComparison.Ordinal);
        Assert.NotEqual(championRun, recorded.GetProperty("runId").GetString());

        // Unscheduled: no next fire time any more.
        using var unscheduled = await client.PutAsJsonAsync("api/v1/recipes/adult-nightly/schedule", new { cron = (string?)null });
        var after = JsonDocument.Parse(await unscheduled.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(JsonValueKind.Null, after.GetProperty("nextFireAt").ValueKind);
    }

    [Fact]
    public async Task CronSchedule_FiresAsAHangfireRecurringJob_AndTheFiringRetrains()
    {
        using var client = app.CreateClient(await app.AdminTokenAsync());
        await TrainingApi.UploadAdultPairAsync(client);
        var training = TrainingApi.MinimalRequest();
        training["hyperparameters"] = new { rounds = 5 };
        using (var created = await client.PostAsJsonAsync("api/v1/recipes", new { name = "every-few-seconds", training, cron = "0/3 * * * * ?" }))
        {
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }

        JsonElement firing = default;
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            var recipe = await client.GetFromJsonAsync<JsonElement>("api/v1/recipes/every-few-seconds");
            if (recipe.GetProperty("firings").GetArrayLength() > 0)
            {
                firing = recipe.GetProperty("firings").EnumerateArray().Last();
                break;
            }

            await Task.Delay(250);
        }

        using (var stop = await client.PutAsJsonAsync("api/v1/recipes/every-few-seconds/schedule", new { cron = "" }))
        {
            Assert.Equal(HttpStatusCode.OK, stop.StatusCode);
        }

        Assert.Equal(JsonValueKind.Object, firing.ValueKind);
        Assert.Equal("schedule", firing.GetProperty("trigger").GetString());
        var job = await DatasetApi.WaitForJobAsync(client, firing.GetProperty("id").GetGuid(), s => s is "Succeeded" or "Failed", Timeout);
        Assert.True(job.GetProperty("status").GetString() == "Succeeded", job.GetRawText());
        var done = (await client.GetFromJsonAsync<JsonElement>("api/v1/recipes/every-few-seconds")).GetProperty("firings").EnumerateArray()
            .Single(f => f.GetProperty("id").GetGuid() == firing.GetProperty("id").GetGuid());
        Assert.Contains("no registered model", done.GetProperty("outcome").GetString(), StringComparison.Ordinal);
    }

    private static async Task RefusedAsync(HttpClient client, object body, HttpStatusCode status, string reason)
    {
        using var response = await client.PostAsJsonAsync("api/v1/recipes", body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, text);
        Assert.Contains(reason, text, StringComparison.Ordinal);
    }
}
