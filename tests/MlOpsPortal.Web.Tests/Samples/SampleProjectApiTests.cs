using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using MlOpsPortal.Application.Audit;
using MlOpsPortal.Domain.Common;
using MlOpsPortal.Infrastructure.Identity;
using MlOpsPortal.Infrastructure.Samples;
using MlOpsPortal.TestSupport.Web;
using MlOpsPortal.Web.Tests.Datasets;
using MlOpsPortal.Web.Tests.Training;
using Xunit.Abstractions;

namespace MlOpsPortal.Web.Tests.Samples;

/// <summary>
/// "Load the sample project" end to end on the in-process portal: one POST imports the bundled Adult files, trains,
/// registers and evaluates; the state names every object; a second load reuses all of it; a Viewer may look but not load.
/// </summary>
public sealed class SampleProjectApiTests(SamplePortalApp app, ITestOutputHelper output) : IClassFixture<SamplePortalApp>
{
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(5);

    [Fact]
    public async Task StartSampleProject_AsDataScientist_PopulatesDatasetsRunModelVersionAndEvaluationThenReusesThemOnSecondLoad()
    {
        var password = await app.CreateUserAsync("sample-ds@test.local", "DataScientist");
        using var client = app.CreateClient(await app.TokenAsync("sample-ds@test.local", password, "read", "write"));

        var empty = await client.GetFromJsonAsync<JsonElement>("api/v1/sample-project");
        Assert.Equal(JsonValueKind.Null, empty.GetProperty("jobId").ValueKind);
        Assert.Equal(JsonValueKind.Null, empty.GetProperty("model").ValueKind);

        var cpu = Process.GetCurrentProcess().TotalProcessorTime; // the portal runs in this process: its CPU time, whatever the machine's load
        var clock = Stopwatch.StartNew();
        var jobId = await StartAsync(client);
        Assert.Equal(jobId, await StartAsync(client)); // a second click while it runs gets the same job
        var job = await DatasetApi.WaitForJobAsync(client, jobId, s => s is "Succeeded" or "Failed" or "Cancelled", Deadline);
        clock.Stop();
        cpu = Process.GetCurrentProcess().TotalProcessorTime - cpu;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Sample project loaded in {clock.Elapsed.TotalSeconds:0.0} s ({cpu.TotalSeconds:0.0} s of portal CPU time)"));
        Assert.True(job.GetProperty("status").GetString() == "Succeeded", job.GetRawText());
        Assert.Equal("sample-project", job.GetProperty("kind").GetString());
        await WriteJobTimesAsync(client);

        var state = await client.GetFromJsonAsync<JsonElement>("api/v1/sample-project");
        Assert.Equal(jobId, state.GetProperty("jobId").GetGuid());
        Assert.Equal("Succeeded", state.GetProperty("jobStatus").GetString());
        AssertDataset(state.GetProperty("train"), "adult-sample-train", 1);
        AssertDataset(state.GetProperty("test"), "adult-sample-test", 1);
        Assert.Equal("adult-income-sample", state.GetProperty("model").GetString());
        Assert.Equal(1, state.GetProperty("modelVersion").GetInt32());
        var runId = state.GetProperty("runId").GetString();
        Assert.Matches("^[0-9a-f]{32}$", runId);

        var train = await client.GetFromJsonAsync<JsonElement>("api/v1/datasets/adult-sample-train/versions/1");
        Assert.Equal(32_561, train.GetProperty("rows").GetInt64());
        Assert.Contains(train.GetProperty("columns").EnumerateArray(), c => c.GetProperty("name").GetString() == "income");
        var test = await client.GetFromJsonAsync<JsonElement>("api/v1/datasets/adult-sample-test/versions/1");
        Assert.Equal(16_281, test.GetProperty("rows").GetInt64());

        var version = await client.GetFromJsonAsync<JsonElement>("api/v1/models/adult-income-sample/versions/1");
        Assert.Equal(runId, version.GetProperty("runId").GetString());
        Assert.Equal("READY", version.GetProperty("status").GetString());

        var evaluationId = state.GetProperty("evaluationId").GetGuid();
        var evaluation = await client.GetFromJsonAsync<JsonElement>($"api/v1/evaluations/{evaluationId}");
        Assert.Equal(runId, evaluation.GetProperty("runId").GetString());
        Assert.Equal("adult-sample-test@v1", evaluation.GetProperty("dataset").GetString());
        Assert.Equal(16_281, evaluation.GetProperty("rows").GetInt64());
        var auc = evaluation.GetProperty("metrics").GetProperty("roc_auc").GetDouble();
        Assert.True(auc > 0.85, $"AUC {auc}");

        // Loading it again finds everything in place: a new job that succeeds quickly, and nothing made twice.
        var trainingJobs = await TrainingApi.TrainingJobCountAsync(client);
        clock.Restart();
        var second = await StartAsync(client);
        Assert.NotEqual(jobId, second);
        var again = await DatasetApi.WaitForJobAsync(client, second, s => s is "Succeeded" or "Failed" or "Cancelled", Deadline);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Second load in {clock.Elapsed.TotalSeconds:0.0} s"));
        Assert.True(again.GetProperty("status").GetString() == "Succeeded", again.GetRawText());
        Assert.Contains(again.GetProperty("log").EnumerateArray(), l => l.GetString()!.Contains("reused", StringComparison.Ordinal));
        var reloaded = await client.GetFromJsonAsync<JsonElement>("api/v1/sample-project");
        Assert.Equal(second, reloaded.GetProperty("jobId").GetGuid());
        AssertDataset(reloaded.GetProperty("train"), "adult-sample-train", 1);
        AssertDataset(reloaded.GetProperty("test"), "adult-sample-test", 1);
        Assert.Equal(runId, reloaded.GetProperty("runId").GetString());
        Assert.Equal(1, reloaded.GetProperty("modelVersion").GetInt32());
        Assert.Equal(evaluationId, reloaded.GetProperty("evaluationId").GetGuid());
        Assert.Equal(trainingJobs, await TrainingApi.TrainingJobCountAsync(client));
        Assert.Single((await client.GetFromJsonAsync<JsonElement>("api/v1/datasets/adult-sample-train/versions")).EnumerateArray());
        Assert.Single((await client.GetFromJsonAsync<JsonElement>("api/v1/datasets/adult-sample-test/versions")).EnumerateArray());
        var model = await client.GetFromJsonAsync<JsonElement>("api/v1/models/adult-income-sample");
        Assert.Single(model.GetProperty("versions").EnumerateArray());
    }

    [Fact]
    public async Task StartSampleProject_AsViewer_Returns403ProblemDetailsButStateIsReadable()
    {
        var password = await app.CreateUserAsync("sample-viewer@test.local", "Viewer");
        using var viewer = app.CreateClient(await app.TokenAsync("sample-viewer@test.local", password, "read", "write"));
        using var response = await viewer.PostAsync("api/v1/sample-project", null);
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(403, problem.GetProperty("status").GetInt32());
        using var state = await viewer.GetAsync("api/v1/sample-project");
        Assert.Equal(HttpStatusCode.OK, state.StatusCode);

        // The service itself refuses a Viewer too (pages call it without the endpoint's policy).
        await using var scope = app.Services.CreateAsyncScope();
        var user = await scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>().FindByEmailAsync("sample-viewer@test.local");
        var refused = await scope.ServiceProvider.GetRequiredService<SampleProjectService>().StartAsync(new Actor(user!.UserName!, user.Id), CancellationToken.None);
        Assert.Equal(ErrorCode.Forbidden, refused.Error?.Code);
    }

    /// <summary>Where the time went: each job's wait in the queue and its run time.</summary>
    private async Task WriteJobTimesAsync(HttpClient client)
    {
        var page = await client.GetFromJsonAsync<JsonElement>("api/v1/jobs?take=20&sort=createdAt&desc=false");
        foreach (var j in page.GetProperty("items").EnumerateArray())
        {
            var created = j.GetProperty("createdAt").GetDateTimeOffset();
            var started = j.GetProperty("startedAt").ValueKind == JsonValueKind.Null ? created : j.GetProperty("startedAt").GetDateTimeOffset();
            var finished = j.GetProperty("finishedAt").ValueKind == JsonValueKind.Null ? started : j.GetProperty("finishedAt").GetDateTimeOffset();
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{j.GetProperty("kind").GetString(),-16} queued {(started - created).TotalSeconds,6:0.0} s, ran {(finished - started).TotalSeconds,6:0.0} s ({created:HH:mm:ss.f})"));
        }
    }

    private static async Task<Guid> StartAsync(HttpClient client)
    {
        using var response = await client.PostAsync("api/v1/sample-project", null);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, text);
        return JsonDocument.Parse(text).RootElement.GetProperty("jobId").GetGuid();
    }

    private static void AssertDataset(JsonElement reference, string name, int version)
    {
        Assert.Equal(name, reference.GetProperty("name").GetString());
        Assert.Equal(version, reference.GetProperty("version").GetInt32());
    }
}

/// <summary>The portal with the sample's training cut to 60 rounds (from 200 with early stopping), so the test stays short on a busy machine.</summary>
public sealed class SamplePortalApp : PortalApp
{
    protected override IEnumerable<string> ExtraArgs => ["--Samples:TrainingRounds=60"];
}
