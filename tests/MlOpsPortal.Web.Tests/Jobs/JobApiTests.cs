using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using MlOpsPortal.Application.Audit;
using MlOpsPortal.Application.Jobs;
using MlOpsPortal.Web.Tests.Datasets;

namespace MlOpsPortal.Web.Tests.Jobs;

public sealed class JobApiTests(JobsPortal app) : IClassFixture<JobsPortal>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    private Task<JobDto> EnqueueAsync(string kind, Guid? id = null) =>
        app.Services.GetRequiredService<IJobScheduler>().EnqueueAsync(new JobRequest(id ?? Guid.NewGuid(), kind, new { test = true }, new Actor("tester")), CancellationToken.None);

    [Fact]
    public async Task Cancel_RunningJob_BecomesCancelledWithinFiveSeconds()
    {
        using var client = app.CreateClient(await app.AdminTokenAsync());
        var job = await EnqueueAsync("test-wait");
        var running = await DatasetApi.WaitForJobAsync(client, job.Id, s => s == "Running", Timeout);
        Assert.Equal("Running", running.GetProperty("status").GetString());

        var clock = Stopwatch.StartNew();
        using (var cancel = await client.PostAsync($"api/v1/jobs/{job.Id}/cancel", null))
        {
            Assert.Equal(HttpStatusCode.OK, cancel.StatusCode);
        }

        var cancelled = await DatasetApi.WaitForJobAsync(client, job.Id, s => s != "Running", TimeSpan.FromSeconds(10));
        Assert.Equal("Cancelled", cancelled.GetProperty("status").GetString());
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"took {clock.Elapsed}");
        Assert.Contains(cancelled.GetProperty("log").EnumerateArray(), l => l.GetString()!.StartsWith("tick", StringComparison.Ordinal));

        using var again = await client.PostAsync($"api/v1/jobs/{job.Id}/cancel", null);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
    }

    [Fact]
    public async Task FailedJob_ShowsFirstLineDetailsAndTraceId_ThenRetrySucceeds()
    {
        using var client = app.CreateClient(await app.AdminTokenAsync());
        var job = await EnqueueAsync("test-flaky");
        var failed = await DatasetApi.WaitForJobAsync(client, job.Id, s => s is "Failed" or "Succeeded", Timeout);
        Assert.Equal("Failed", failed.GetProperty("status").GetString());
        Assert.Equal("boom on the first attempt", failed.GetProperty("error").GetString());
        Assert.Contains("InvalidOperationException", failed.GetProperty("errorDetails").GetString(), StringComparison.Ordinal);
        Assert.Equal(32, failed.GetProperty("traceId").GetString()!.Length);

        using (var retry = await client.PostAsync($"api/v1/jobs/{job.Id}/retry", null))
        {
            Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
        }

        var succeeded = await DatasetApi.WaitForJobAsync(client, job.Id, s => s is "Failed" or "Succeeded", Timeout);
        Assert.Equal("Succeeded", succeeded.GetProperty("status").GetString());
        Assert.Equal(2, succeeded.GetProperty("attempts").GetInt32());
        Assert.Equal(JsonValueKind.Null, succeeded.GetProperty("error").ValueKind);

        using var retryAgain = await client.PostAsync($"api/v1/jobs/{job.Id}/retry", null);
        Assert.Equal(HttpStatusCode.Conflict, retryAgain.StatusCode);
    }

    [Fact]
    public async Task Enqueue_SameIdConcurrently_RunsOnce()
    {
        using var client = app.CreateClient(await app.AdminTokenAsync());
        var id = Guid.NewGuid();
        await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => EnqueueAsync("test-count", id)));
        await DatasetApi.WaitForJobAsync(client, id, s => s == "Succeeded", Timeout);
        await EnqueueAsync("test-count", id);
        // A job enqueued after the repeat has run: had the repeat been queued, it would have started before it.
        var later = await EnqueueAsync("test-count");
        await DatasetApi.WaitForJobAsync(client, later.Id, s => s == "Succeeded", Timeout);
        Assert.Equal(1, CountingJob.Runs[id]);
    }

    [Fact]
    public async Task List_FiltersByKindAndStatus()
    {
        using var client = app.CreateClient(await app.AdminTokenAsync());
        var job = await EnqueueAsync("test-count");
        await DatasetApi.WaitForJobAsync(client, job.Id, s => s == "Succeeded", Timeout);
        var page = await client.GetFromJsonAsync<JsonElement>("api/v1/jobs?kind=test-count&status=Succeeded&take=500");
        Assert.Contains(page.GetProperty("items").EnumerateArray(), j => j.GetProperty("id").GetGuid() == job.Id);
        Assert.All(page.GetProperty("items").EnumerateArray(), j => Assert.Equal("test-count", j.GetProperty("kind").GetString()));
        var none = await client.GetFromJsonAsync<JsonElement>("api/v1/jobs?kind=test-count&status=Failed");
        Assert.Equal(0, none.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task Events_PushProgressAndFinalStatusToSubscribers()
    {
        var seen = new ConcurrentQueue<JobDto>();
        var events = app.Services.GetRequiredService<IJobEvents>();
        using var subscription = events.Subscribe(j =>
        {
            seen.Enqueue(j);
            return Task.CompletedTask;
        });
        var job = await EnqueueAsync("test-wait");
        var deadline = DateTime.UtcNow + Timeout;
        while (!seen.Any(j => j.Id == job.Id && j.Progress > 0) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        Assert.Contains(seen, j => j.Id == job.Id && j.Status == JobStatus.Running && j.Progress > 0 && j.Log.Count > 0);
        await app.Services.GetRequiredService<IJobScheduler>().CancelAsync(job.Id, new Actor("tester"), CancellationToken.None);
        while (!seen.Any(j => j.Id == job.Id && j.Status == JobStatus.Cancelled) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        Assert.Contains(seen, j => j.Id == job.Id && j.Status == JobStatus.Cancelled);
    }

    [Fact]
    public async Task KindLimitOfOne_SecondJobWaitsQueuedUntilTheFirstEnds_LimitAudited()
    {
        using var client = app.CreateClient(await app.AdminTokenAsync());
        var limits = await client.GetFromJsonAsync<JsonElement>("api/v1/admin/job-limits");
        var training = limits.EnumerateArray().Single(l => l.GetProperty("kind").GetString() == "training");
        Assert.Equal(1, training.GetProperty("maxPerNode").GetInt32());
        Assert.True(training.GetProperty("isDefault").GetBoolean());

        using (var bad = await client.PutAsJsonAsync("api/v1/admin/job-limits/test-wait", new { maxPerNode = 0 }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        }

        using (var set = await client.PutAsJsonAsync("api/v1/admin/job-limits/test-wait", new { maxPerNode = 1 }))
        {
            Assert.Equal(HttpStatusCode.OK, set.StatusCode);
        }

        try
        {
            var first = await EnqueueAsync("test-wait");
            Assert.Equal("Running", (await DatasetApi.WaitForJobAsync(client, first.Id, s => s == "Running", Timeout)).GetProperty("status").GetString());
            var second = await EnqueueAsync("test-wait");
            var deadline = DateTime.UtcNow + Timeout;
            JobDto? waiting;
            do
            {
                await Task.Delay(200);
                waiting = await app.Services.GetRequiredService<IJobQueries>().GetAsync(second.Id, CancellationToken.None);
            }
            while (waiting?.Step?.StartsWith("Waiting for a free test-wait slot", StringComparison.Ordinal) != true && DateTime.UtcNow < deadline);

            Assert.Equal(JobStatus.Queued, waiting!.Status);
            Assert.StartsWith("Waiting for a free test-wait slot", waiting.Step, StringComparison.Ordinal);
            // Wait for at least one more deferral (it rewrites the row): still queued, not running beside the first.
            var deferredAgain = waiting;
            while (deferredAgain!.UpdatedAt == waiting.UpdatedAt && DateTime.UtcNow < deadline)
            {
                await Task.Delay(200);
                deferredAgain = await app.Services.GetRequiredService<IJobQueries>().GetAsync(second.Id, CancellationToken.None);
            }

            Assert.True(deferredAgain.UpdatedAt > waiting.UpdatedAt, "the waiting job was not deferred again before the deadline");
            Assert.Equal(JobStatus.Queued, deferredAgain.Status);

            using (var cancel = await client.PostAsync($"api/v1/jobs/{first.Id}/cancel", null))
            {
                Assert.Equal(HttpStatusCode.OK, cancel.StatusCode);
            }

            Assert.Equal("Running", (await DatasetApi.WaitForJobAsync(client, second.Id, s => s == "Running", Timeout)).GetProperty("status").GetString());
            using (var cancel = await client.PostAsync($"api/v1/jobs/{second.Id}/cancel", null))
            {
                Assert.Equal(HttpStatusCode.OK, cancel.StatusCode);
            }
        }
        finally
        {
            using var reset = await client.PutAsJsonAsync("api/v1/admin/job-limits/test-wait", new { maxPerNode = (int?)null });
            Assert.Equal(HttpStatusCode.OK, reset.StatusCode);
        }

        var audit = await client.GetFromJsonAsync<JsonElement>("api/v1/audit?action=job.limit_set");
        Assert.Contains("job.limit_set", audit.GetRawText(), StringComparison.Ordinal);
        var password = await app.CreateUserAsync("limit-viewer@test.local", "Viewer");
        using var viewer = app.CreateClient(await app.TokenAsync("limit-viewer@test.local", password, "read", "write"));
        using var forbidden = await viewer.PutAsJsonAsync("api/v1/admin/job-limits/training", new { maxPerNode = 4 });
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
    }

    [Fact]
    public async Task QueuedRowWithoutDelivery_IsDispatchedByTheSweep_AndRunsOnce()
    {
        using var client = app.CreateClient(await app.AdminTokenAsync());
        // A crash between the commit and the schedule call: the row is Queued, Hangfire has no delivery for it.
        var request = new JobRequest(Guid.NewGuid(), "test-count", new { test = true }, new Actor("tester"));
        var factory = app.Services.GetRequiredService<Microsoft.EntityFrameworkCore.IDbContextFactory<MlOpsPortal.Infrastructure.Persistence.PortalDbContext>>();
        await using (var db = await factory.CreateDbContextAsync())
        {
            var now = DateTimeOffset.UtcNow;
            db.Jobs.Add(new MlOpsPortal.Infrastructure.Jobs.JobRow
            {
                Id = request.Id, Kind = request.Kind, Parameters = "{}", Requester = "tester", Status = JobStatus.Queued, CreatedAt = now, UpdatedAt = now,
            });
            await db.SaveChangesAsync();
        }

        var done = await DatasetApi.WaitForJobAsync(client, request.Id, s => s is "Succeeded" or "Failed", Timeout);
        Assert.Equal("Succeeded", done.GetProperty("status").GetString());
        Assert.Equal(1, done.GetProperty("attempts").GetInt32());
        Assert.Equal(1, CountingJob.Runs[request.Id]);
    }

    [Fact]
    public async Task Cancel_AsViewer_Returns403_UnknownJob_Returns404()
    {
        var password = await app.CreateUserAsync("job-viewer@test.local", "Viewer");
        using var viewer = app.CreateClient(await app.TokenAsync("job-viewer@test.local", password, "read", "write"));
        using var forbidden = await viewer.PostAsync($"api/v1/jobs/{Guid.NewGuid()}/cancel", null);
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        using var missing = await viewer.GetAsync($"api/v1/jobs/{Guid.NewGuid()}");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }
}
