using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MlOpsPortal.TestSupport.Web;
using MlOpsPortal.Web.Tests.Datasets;
using MlOpsPortal.Web.Tests.Training;
using Npgsql;

namespace MlOpsPortal.Web.Tests.Jobs;

/// <summary>Recipes' cron schedules are Hangfire recurring jobs: a fire missed while every node was down runs once.</summary>
public sealed class RecurringMisfireTests(PortalApp app) : IClassFixture<PortalApp>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task MonthlyRecipe_ThreeSlotsMissedWhileDown_FiresOnce_AndTheNextFireIsInTheFuture()
    {
        using var client = app.CreateClient(await app.AdminTokenAsync());
        await TrainingApi.UploadAdultPairAsync(client);
        var training = TrainingApi.MinimalRequest();
        training["hyperparameters"] = new { rounds = 5 };
        Guid recipeId;
        using (var created = await client.PostAsJsonAsync("api/v1/recipes", new { name = "monthly", training, cron = "0 0 3 1 * ?" }))
        {
            var body = await created.Content.ReadAsStringAsync();
            Assert.True(created.StatusCode == HttpStatusCode.Created, body);
            var recipe = JsonDocument.Parse(body).RootElement;
            recipeId = recipe.GetProperty("id").GetGuid();
            var next = recipe.GetProperty("nextFireAt").GetDateTimeOffset().UtcDateTime;
            Assert.Equal((1, 3, 0), (next.Day, next.Hour, next.Minute));
        }

        // Every node down for 100 days: the recurring job last ran 100 days ago, so three monthly slots were missed.
        var lastRun = DateTime.UtcNow.AddDays(-100);
        var missed = new DateTime(lastRun.Year, lastRun.Month, 1, 3, 0, 0, DateTimeKind.Utc).AddMonths(1);
        await using (var connection = new NpgsqlConnection(app.ConnectionString))
        {
            await connection.OpenAsync();
            var key = $"recurring-job:recipe:{recipeId:D}";
            await using (var hash = new NpgsqlCommand("UPDATE hangfire.hash SET value = @at WHERE key = @key AND field IN ('LastExecution', 'CreatedAt')", connection))
            {
                hash.Parameters.AddWithValue("at", lastRun.ToString("o", CultureInfo.InvariantCulture));
                hash.Parameters.AddWithValue("key", key);
                Assert.True(await hash.ExecuteNonQueryAsync() >= 1);
            }

            await using (var next = new NpgsqlCommand("UPDATE hangfire.hash SET value = @at WHERE key = @key AND field = 'NextExecution'", connection))
            {
                next.Parameters.AddWithValue("at", missed.ToString("o", CultureInfo.InvariantCulture));
                next.Parameters.AddWithValue("key", key);
                await next.ExecuteNonQueryAsync();
            }

            await using var set = new NpgsqlCommand("UPDATE hangfire.set SET score = @score WHERE key = 'recurring-jobs' AND value = @id", connection);
            set.Parameters.AddWithValue("score", (double)new DateTimeOffset(missed).ToUnixTimeSeconds());
            set.Parameters.AddWithValue("id", $"recipe:{recipeId:D}");
            Assert.Equal(1, await set.ExecuteNonQueryAsync());
        }

        // The node's recurring scheduler finds the overdue job: one firing for all the missed slots.
        var deadline = DateTime.UtcNow + Timeout;
        JsonElement fired = default;
        while (DateTime.UtcNow < deadline)
        {
            fired = await client.GetFromJsonAsync<JsonElement>("api/v1/recipes/monthly");
            if (fired.GetProperty("firings").GetArrayLength() > 0 && fired.GetProperty("nextFireAt").ValueKind == JsonValueKind.String
                && fired.GetProperty("nextFireAt").GetDateTimeOffset() > DateTimeOffset.UtcNow)
            {
                break;
            }

            await Task.Delay(250);
        }

        var firing = Assert.Single(fired.GetProperty("firings").EnumerateArray());
        Assert.Equal("schedule", firing.GetProperty("trigger").GetString());
        // Caught up: the next fire is the next 1st of the month, so no further catch-up firing is pending.
        var nextFire = fired.GetProperty("nextFireAt").GetDateTimeOffset();
        Assert.True(nextFire > DateTimeOffset.UtcNow, fired.GetRawText());
        Assert.Equal((1, 3), (nextFire.UtcDateTime.Day, nextFire.UtcDateTime.Hour));
        var job = await DatasetApi.WaitForJobAsync(client, firing.GetProperty("id").GetGuid(), s => s is "Succeeded" or "Failed", Timeout);
        Assert.Equal(1, job.GetProperty("attempts").GetInt32());
        Assert.Single((await client.GetFromJsonAsync<JsonElement>("api/v1/recipes/monthly")).GetProperty("firings").EnumerateArray());
    }
}
