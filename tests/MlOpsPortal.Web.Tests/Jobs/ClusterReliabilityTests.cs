using System.Net.Http.Json;
using System.Text.Json;
using Hangfire;
using Hangfire.States;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MlOpsPortal.Infrastructure.Jobs;
using MlOpsPortal.Infrastructure.Persistence;
using MlOpsPortal.Web.Tests.Datasets;
using MlOpsPortal.Web.Tests.Training;

namespace MlOpsPortal.Web.Tests.Jobs;

/// <summary>Two real portal processes on one database: node failure during training, and many queued jobs.</summary>
public sealed class ClusterReliabilityTests(PortalCluster cluster) : IClassFixture<PortalCluster>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(4);

    [Fact]
    public async Task KillNineTheNodeRunningATrainingJob_JobCompletesExactlyOnceOnTheOtherNode()
    {
        using var client = cluster.CreateClient(await cluster.AdminTokenAsync());
        await TrainingApi.UploadAdultPairAsync(client);
        var body = TrainingApi.MinimalRequest();
        body["experiment"] = "adult-cluster";
        body["hyperparameters"] = new { rounds = 300, learningRate = 0.05 };
        body["earlyStoppingRounds"] = 0;
        var (jobId, runId) = await TrainingApi.SubmitAsync(client, body);

        var job = await DatasetApi.WaitForJobAsync(client, jobId, s => s != "Queued", Timeout);
        var deadline = DateTime.UtcNow + Timeout;
        // Kill mid-training, after some rounds' metrics reached the run (a re-run must not log them twice).
        while (Round(job) < 60 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
            job = await client.GetFromJsonAsync<JsonElement>($"api/v1/jobs/{jobId}");
        }

        Assert.True(job.GetProperty("status").GetString() == "Running", job.GetRawText());
        var victim = job.GetProperty("node").GetString()!;
        var survivor = cluster.Nodes.Single(n => n.Id != victim).Id;

        // The Admin nodes view: both nodes alive, the victim runs this job.
        var nodes = await client.GetFromJsonAsync<JsonElement>("api/v1/admin/cluster/nodes");
        var victimNode = nodes.EnumerateArray().Single(n => n.GetProperty("nodeId").GetString() == victim);
        Assert.True(victimNode.GetProperty("alive").GetBoolean(), nodes.GetRawText());
        Assert.Contains(jobId, victimNode.GetProperty("runningJobIds").EnumerateArray().Select(i => i.GetGuid()));
        Assert.True(nodes.EnumerateArray().Single(n => n.GetProperty("nodeId").GetString() == survivor).GetProperty("alive").GetBoolean());
        Assert.True(DateTimeOffset.UtcNow - victimNode.GetProperty("lastCheckin").GetDateTimeOffset() < TimeSpan.FromSeconds(30), victimNode.GetRawText());

        cluster.Node(victim).KillHard();
        Assert.True(cluster.Node(victim).HasExited);
        var killedAt = DateTime.UtcNow;

        // The survivor takes the job over (Hangfire redelivers it after the invisibility timeout, the expired lease lets
        // the claim through) well within a minute.
        var takenOver = await DatasetApi.WaitForJobAsync(client, jobId, _ => true, Timeout);
        while (DateTime.UtcNow - killedAt < TimeSpan.FromSeconds(90) && takenOver.GetProperty("attempts").GetInt32() < 2)
        {
            await Task.Delay(100);
            takenOver = await client.GetFromJsonAsync<JsonElement>($"api/v1/jobs/{jobId}");
        }

        var takeover = DateTime.UtcNow - killedAt;
        Assert.True(takenOver.GetProperty("attempts").GetInt32() == 2 && takeover <= TimeSpan.FromSeconds(60), $"{takeover.TotalSeconds:F1} s: {takenOver.GetRawText()}");

        var done = await DatasetApi.WaitForJobAsync(client, jobId, s => s is "Succeeded" or "Failed" or "Cancelled", Timeout);
        Assert.True(done.GetProperty("status").GetString() == "Succeeded", done.GetRawText() + "\n" + cluster.Node(survivor).Output);
        Assert.Equal(survivor, done.GetProperty("node").GetString());
        Assert.Contains(done.GetProperty("log").EnumerateArray(), l => l.GetString()!.EndsWith($"Succeeded on {survivor}", StringComparison.Ordinal));
        Assert.Equal(2, done.GetProperty("attempts").GetInt32());
        Assert.Equal(runId, done.GetProperty("runId").GetString());
        var after = await client.GetFromJsonAsync<JsonElement>("api/v1/admin/cluster/nodes");
        Assert.DoesNotContain(after.EnumerateArray(), n => n.GetProperty("nodeId").GetString() == victim && n.GetProperty("alive").GetBoolean());
        Assert.Equal(0, after.EnumerateArray().Single(n => n.GetProperty("nodeId").GetString() == survivor).GetProperty("runningJobs").GetInt32());

        // Exactly once: one run in the experiment, FINISHED, one trained model, one package tag, round metrics not repeated.
        var experiment = await client.GetFromJsonAsync<JsonElement>("api/2.0/mlflow/experiments/get-by-name?experiment_name=adult-cluster");
        var experimentId = experiment.GetProperty("experiment").GetProperty("experiment_id").GetString();
        using var search = await client.PostAsJsonAsync("api/2.0/mlflow/runs/search", new { experiment_ids = new[] { experimentId }, max_results = 100 });
        var runs = (await search.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("runs");
        var run = Assert.Single(runs.EnumerateArray());
        Assert.Equal(runId, run.GetProperty("info").GetProperty("run_id").GetString());
        Assert.Equal("FINISHED", run.GetProperty("info").GetProperty("status").GetString());
        Assert.Single(run.GetProperty("data").GetProperty("tags").EnumerateArray(), t => t.GetProperty("key").GetString() == "mlops.model_package_sha256");

        await using (var db = await cluster.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync())
        {
            Assert.Equal(1, await db.TrainedModels.CountAsync(m => m.JobId == jobId));
        }

        var history = await client.GetFromJsonAsync<JsonElement>($"api/2.0/mlflow/metrics/get-history?run_id={runId}&metric_key=validation_auc&max_results=25000");
        var steps = history.GetProperty("metrics").EnumerateArray().Select(m => m.GetProperty("step").GetInt64()).ToList();
        Assert.True(steps.Count >= 300, $"{steps.Count} points");
        Assert.Equal(steps.Count, steps.Distinct().Count());
        Console.WriteLine($"[measure] kill -9 of {victim} during {job.GetProperty("step").GetString()}: taken over by {survivor} after {takeover.TotalSeconds:F1} s");
    }

    private static int Round(JsonElement job) =>
        job.GetProperty("step").GetString() is { } step && step.StartsWith("Round ", StringComparison.Ordinal)
            ? int.Parse(step.AsSpan(6, step.IndexOf(' ', 6) - 6), System.Globalization.CultureInfo.InvariantCulture)
            : 0;

    [Fact]
    public async Task HundredQueuedJobsAcrossTwoNodes_EachRunsExactlyOnce()
    {
        using var client = cluster.CreateClient(await cluster.AdminTokenAsync());
        var before = (await client.GetFromJsonAsync<JsonElement>("api/v1/jobs?kind=dataset-profile&take=1")).GetProperty("total").GetInt32();
        await Parallel.ForEachAsync(Enumerable.Range(0, 100), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, ct) =>
        {
            using var upload = await DatasetApi.UploadTextAsync(client, $"tiny-{i:D3}", $"x,y\n{i},a\n{i + 1},b\n{i + 2},a\n");
            Assert.True(upload.IsSuccessStatusCode, await upload.Content.ReadAsStringAsync(ct));
        });

        var deadline = DateTime.UtcNow + Timeout;
        List<JsonElement> jobs;
        while (true)
        {
            var page = await client.GetFromJsonAsync<JsonElement>("api/v1/jobs?kind=dataset-profile&take=500");
            jobs = page.GetProperty("items").EnumerateArray().ToList();
            var finished = jobs.Count(j => j.GetProperty("status").GetString() is "Succeeded" or "Failed" or "Cancelled");
            if ((finished >= before + 100 && finished == jobs.Count) || DateTime.UtcNow > deadline)
            {
                break;
            }

            await Task.Delay(250);
        }

        Assert.Equal(before + 100, jobs.Count);
        Assert.All(jobs, j => Assert.True(j.GetProperty("status").GetString() == "Succeeded" && j.GetProperty("attempts").GetInt32() == 1, j.GetRawText()));
        await using var db = await cluster.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        var ids = jobs.Select(j => j.GetProperty("id").GetGuid()).ToList();
        var rows = await db.Jobs.AsNoTracking().Where(j => ids.Contains(j.Id)).Select(j => new { j.Node, j.Log }).ToListAsync();
        Assert.All(rows, r => Assert.Single(r.Log, l => l.Contains(" started on ", StringComparison.Ordinal)));
        var byNode = rows.GroupBy(r => r.Node).ToDictionary(g => g.Key ?? "?", g => g.Count());
        Assert.All(byNode.Keys, k => Assert.Contains(k, new[] { "node-a", "node-b" }));
        Console.WriteLine($"[measure] 100 profile jobs: {string.Join(", ", byNode.Select(kv => $"{kv.Key}={kv.Value}"))}");
    }

    [Fact]
    public async Task TwoLiveNodes_DuplicateDeliveriesOfEachJob_EachJobRunsOnce()
    {
        using var client = cluster.CreateClient(await cluster.AdminTokenAsync());
        await TrainingApi.UploadAdultPairAsync(client);
        var hangfire = cluster.Services.GetRequiredService<IBackgroundJobClient>();
        var jobs = new List<Guid>();
        for (var i = 0; i < 4; i++)
        {
            var body = TrainingApi.MinimalRequest();
            body["experiment"] = "adult-duplicates";
            body["hyperparameters"] = new { rounds = 40 };
            var (jobId, _) = await TrainingApi.SubmitAsync(client, body);
            jobs.Add(jobId);
            // At-least-once delivery made worse on purpose: three more deliveries of the same job, for either node.
            for (var d = 0; d < 3; d++)
            {
                var id = jobId;
                hangfire.Create(Hangfire.Common.Job.FromExpression<PortalJobEntry>(e => e.RunAsync(id, CancellationToken.None), JobQueues.Name(JobQueues.Cpu, "normal")), new EnqueuedState(JobQueues.Name(JobQueues.Cpu, "normal")));
            }
        }

        foreach (var jobId in jobs)
        {
            var done = await DatasetApi.WaitForJobAsync(client, jobId, s => s is "Succeeded" or "Failed" or "Cancelled", Timeout);
            Assert.True(done.GetProperty("status").GetString() == "Succeeded" && done.GetProperty("attempts").GetInt32() == 1, done.GetRawText());
            Assert.Single(done.GetProperty("log").EnumerateArray(), l => l.GetString()!.Contains(" started on ", StringComparison.Ordinal));
        }

        await using var db = await cluster.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        foreach (var jobId in jobs)
        {
            Assert.Equal(1, await db.TrainedModels.CountAsync(m => m.JobId == jobId));
        }
    }
}
