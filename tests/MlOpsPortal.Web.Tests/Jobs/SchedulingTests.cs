using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Hangfire;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using MlOpsPortal.Application.Audit;
using MlOpsPortal.Application.Jobs;
using MlOpsPortal.Infrastructure.Jobs;
using MlOpsPortal.TestSupport.Web;

namespace MlOpsPortal.Web.Tests.Jobs;

/// <summary>A cpu-only node with two Hangfire workers and the test job kinds.</summary>
public sealed class SchedulingPortal : PortalApp
{
    protected override IEnumerable<string> ExtraArgs => ["--Jobs:WorkerThreads=2", "--Jobs:Queues=cpu", "--Jobs:HeartbeatMilliseconds=250", "--Jobs:EventPollMilliseconds=500"];

    protected override void Configure(WebApplicationBuilder builder)
    {
        builder.Services.AddJobHandler<WaitUntilCancelled>("test-wait");
        builder.Services.AddJobHandler<CountingJob>("test-count");
    }
}

/// <summary>Resource-aware scheduling: queues per resource, priorities, the per-user quota.</summary>
public sealed class SchedulingTests(SchedulingPortal app) : IClassFixture<SchedulingPortal>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(1);
    private static readonly Actor Tester = new("tester");

    private IJobScheduler Scheduler => app.Services.GetRequiredService<IJobScheduler>();

    [Fact]
    public async Task GpuJob_OnACpuOnlyCluster_WaitsForAGpuNode_AndIsNeverTakenByTheCpuNode()
    {
        var gpu = await Scheduler.EnqueueAsync(new JobRequest(Guid.NewGuid(), "test-count", new { }, Tester, JobPriority.High, JobQueues.Gpu), CancellationToken.None);
        Assert.Equal(JobStatus.Queued, gpu.Status);
        Assert.StartsWith("Waiting for a gpu node", gpu.Step, StringComparison.Ordinal);

        // A cpu job enqueued after it runs to the end: the node's workers were free and still left the gpu job alone.
        var cpu = await Scheduler.EnqueueAsync(new JobRequest(Guid.NewGuid(), "test-count", new { }, Tester), CancellationToken.None);
        Assert.Equal(JobStatus.Succeeded, (await WaitAsync(cpu.Id, j => j.Status.IsTerminal())).Status);

        using var client = app.CreateClient(await app.AdminTokenAsync());
        var shown = await client.GetFromJsonAsync<JsonElement>($"api/v1/jobs/{gpu.Id}");
        Assert.Equal("Queued", shown.GetProperty("status").GetString());
        Assert.StartsWith("Waiting for a gpu node", shown.GetProperty("step").GetString(), StringComparison.Ordinal);
        Assert.False(CountingJob.Runs.ContainsKey(gpu.Id));
        Assert.Equal(1, app.Services.GetRequiredService<JobStorage>().GetMonitoringApi().EnqueuedCount(JobQueues.Name(JobQueues.Gpu, JobPriority.High)));
        var node = Assert.Single((await client.GetFromJsonAsync<JsonElement>("api/v1/admin/cluster/nodes")).EnumerateArray());
        Assert.DoesNotContain(node.GetProperty("queues").EnumerateArray(), q => q.GetString()!.EndsWith("_gpu", StringComparison.Ordinal));
        Assert.Equal(2, node.GetProperty("workers").GetInt32());
        Assert.True((await Scheduler.CancelAsync(gpu.Id, Tester, CancellationToken.None)).IsSuccess);
    }

    [Fact]
    public async Task HighPriorityJob_StartsBeforeEarlierLowPriorityJobs()
    {
        // Both workers busy; three low-priority jobs queue, then one high-priority job.
        var blockers = new List<JobDto>();
        for (var i = 0; i < 2; i++)
        {
            blockers.Add(await Scheduler.EnqueueAsync(new JobRequest(Guid.NewGuid(), "test-wait", new { }, Tester), CancellationToken.None));
        }

        foreach (var blocker in blockers)
        {
            await WaitAsync(blocker.Id, j => j.Status == JobStatus.Running);
        }

        var lows = new List<Guid>();
        for (var i = 0; i < 3; i++)
        {
            lows.Add((await Scheduler.EnqueueAsync(new JobRequest(Guid.NewGuid(), "test-count", new { }, Tester, JobPriority.Low), CancellationToken.None)).Id);
        }

        var high = (await Scheduler.EnqueueAsync(new JobRequest(Guid.NewGuid(), "test-count", new { }, Tester, JobPriority.High), CancellationToken.None)).Id;

        // One worker frees up: it takes the high-priority job first, then the low ones in turn.
        Assert.True((await Scheduler.CancelAsync(blockers[0].Id, Tester, CancellationToken.None)).IsSuccess);
        var highDone = await WaitAsync(high, j => j.Status.IsTerminal());
        var lowDone = new List<JobDto>();
        foreach (var low in lows)
        {
            lowDone.Add(await WaitAsync(low, j => j.Status.IsTerminal()));
        }

        Assert.Equal(JobStatus.Succeeded, highDone.Status);
        Assert.All(lowDone, l => Assert.True(l.Status == JobStatus.Succeeded && l.StartedAt >= highDone.StartedAt, $"low {l.StartedAt:O} vs high {highDone.StartedAt:O}"));
        Assert.True((await Scheduler.CancelAsync(blockers[1].Id, Tester, CancellationToken.None)).IsSuccess);
        await WaitAsync(blockers[1].Id, j => j.Status.IsTerminal());
    }

    [Fact]
    public async Task PerUserQuota_SecondJobWaitsWithTheReason_AndRunsWhenTheFirstEnds()
    {
        using var admin = app.CreateClient(await app.AdminTokenAsync());
        using (var bad = await admin.PutAsJsonAsync("api/v1/admin/job-quotas", new { maxRunningPerUser = 0 }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
            Assert.Equal("application/problem+json", bad.Content.Headers.ContentType?.MediaType);
            Assert.Contains("maxRunningPerUser", await bad.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        using (var set = await admin.PutAsJsonAsync("api/v1/admin/job-quotas", new { maxRunningPerUser = 1 }))
        {
            Assert.Equal(HttpStatusCode.OK, set.StatusCode);
        }

        try
        {
            var user = new Actor("quota-user@test.local", "quota-user-id");
            var first = await Scheduler.EnqueueAsync(new JobRequest(Guid.NewGuid(), "test-wait", new { }, user), CancellationToken.None);
            await WaitAsync(first.Id, j => j.Status == JobStatus.Running);
            var second = await Scheduler.EnqueueAsync(new JobRequest(Guid.NewGuid(), "test-count", new { }, user), CancellationToken.None);
            var waiting = await WaitAsync(second.Id, j => j.Step?.Contains("per-user limit 1", StringComparison.Ordinal) == true || j.Status != JobStatus.Queued);
            Assert.Equal(JobStatus.Queued, waiting.Status);
            Assert.Equal("Waiting: quota-user@test.local already runs 1 job(s) (per-user limit 1)", waiting.Step);

            // Another user is not held back by it.
            var other = await Scheduler.EnqueueAsync(new JobRequest(Guid.NewGuid(), "test-count", new { }, new Actor("other@test.local", "other-id")), CancellationToken.None);
            Assert.Equal(JobStatus.Succeeded, (await WaitAsync(other.Id, j => j.Status.IsTerminal())).Status);

            Assert.True((await Scheduler.CancelAsync(first.Id, user, CancellationToken.None)).IsSuccess);
            var released = await WaitAsync(second.Id, j => j.Status.IsTerminal());
            Assert.Equal(JobStatus.Succeeded, released.Status);
            Assert.Equal(1, released.Attempts);
        }
        finally
        {
            using var reset = await admin.PutAsJsonAsync("api/v1/admin/job-quotas", new { maxRunningPerUser = (int?)null });
            Assert.Equal(HttpStatusCode.OK, reset.StatusCode);
        }

        var quota = await admin.GetFromJsonAsync<JsonElement>("api/v1/admin/job-quotas");
        Assert.Equal(JsonValueKind.Null, quota.GetProperty("maxRunningPerUser").ValueKind);
        var page = await admin.GetStringAsync("admin/cluster");
        Assert.Contains("id=\"job-quota\"", page, StringComparison.Ordinal);
    }

    private async Task<JobDto> WaitAsync(Guid id, Func<JobDto, bool> done)
    {
        var queries = app.Services.GetRequiredService<IJobQueries>();
        var deadline = DateTime.UtcNow + Timeout;
        while (true)
        {
            var job = await queries.GetAsync(id, CancellationToken.None) ?? throw new InvalidOperationException($"Job {id} vanished.");
            if (done(job))
            {
                return job;
            }

            Assert.True(DateTime.UtcNow < deadline, $"Job {id} did not get there in time: {job.Status} / {job.Step}");
            await Task.Delay(100);
        }
    }
}
