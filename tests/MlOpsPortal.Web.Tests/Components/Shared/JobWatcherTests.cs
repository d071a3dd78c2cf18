using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MlOpsPortal.Application.Jobs;
using MlOpsPortal.Web.Components.Shared;

namespace MlOpsPortal.Web.Tests.Components.Shared;

public sealed class JobWatcherTests : PortalComponentTest
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 7, 12, 0, 0, TimeSpan.Zero);
    private readonly FakeJobs _jobs = new();

    public JobWatcherTests()
    {
        Services.AddSingleton<IJobEvents>(_jobs);
        Services.AddSingleton<IJobQueries>(_jobs);
    }

    [Fact]
    public void JobWatcher_RunningJobThenEvents_ShowsProgressAndRaisesFinishedOnce()
    {
        var id = Guid.NewGuid();
        _jobs.Current = Job(id, JobStatus.Running, 0.25, "round 50/200", T0);
        var seen = new List<JobStatus>();
        var finished = 0;

        var cut = Render<JobWatcher>(p => p
            .Add(w => w.JobId, id)
            .Add(w => w.Changed, j => seen.Add(j.Status))
            .Add(w => w.Finished, _ => finished++));

        Assert.Contains("Running · 25% · round 50/200", cut.Find("#job-progress").TextContent, StringComparison.Ordinal);
        _jobs.Publish(Job(Guid.NewGuid(), JobStatus.Failed, 0, null, T0.AddSeconds(1)));      // another job: ignored
        _jobs.Publish(Job(id, JobStatus.Running, 0.1, "stale", T0.AddSeconds(-5)));           // older than shown: ignored
        _jobs.Publish(Job(id, JobStatus.Succeeded, 1, null, T0.AddSeconds(2)));
        _jobs.Publish(Job(id, JobStatus.Succeeded, 1, null, T0.AddSeconds(3)));

        cut.WaitForAssertion(() => Assert.Equal("Succeeded", cut.Find("#job-progress").GetAttribute("data-status")));
        Assert.Equal([JobStatus.Running, JobStatus.Succeeded, JobStatus.Succeeded], seen);
        Assert.Equal(1, finished);
    }

    [Fact]
    public async Task JobWatcher_FailedJob_ShowsTheReasonAndUnsubscribesOnDispose()
    {
        var id = Guid.NewGuid();
        _jobs.Current = Job(id, JobStatus.Failed, 0, null, T0) with { Error = "column 'income' not found" };

        var cut = Render<JobWatcher>(p => p.Add(w => w.JobId, id));

        Assert.Contains("Failed: column 'income' not found", cut.Find(".job-watcher-error").TextContent, StringComparison.Ordinal);
        Assert.Equal(1, _jobs.Subscribers);
        await DisposeComponentsAsync();
        Assert.Equal(0, _jobs.Subscribers);
    }

    private static JobDto Job(Guid id, JobStatus status, double progress, string? step, DateTimeOffset updated) =>
        new(id, "training", status, progress, step, "ds@example.com", T0, T0, null, updated, "node-a", 1, false, null, null, null, null, []);

    private sealed class FakeJobs : IJobEvents, IJobQueries
    {
        private readonly List<Func<JobDto, Task>> _handlers = [];

        public JobDto? Current { get; set; }

        public int Subscribers => _handlers.Count;

        public IDisposable Subscribe(Func<JobDto, Task> onChanged)
        {
            _handlers.Add(onChanged);
            return new Unsubscribe(() => _handlers.Remove(onChanged));
        }

        public void Publish(JobDto job)
        {
            foreach (var handler in _handlers.ToList())
            {
                handler(job).GetAwaiter().GetResult();
            }
        }

        public Task<JobDto?> GetAsync(Guid id, CancellationToken cancellationToken) => Task.FromResult(Current?.Id == id ? Current : null);

        public Task<JobPage> ListAsync(JobListQuery query, CancellationToken cancellationToken) => throw new NotSupportedException();

        private sealed class Unsubscribe(Action action) : IDisposable
        {
            public void Dispose() => action();
        }
    }
}
