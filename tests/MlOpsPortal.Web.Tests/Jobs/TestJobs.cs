using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using MlOpsPortal.Application.Jobs;
using MlOpsPortal.Domain.Common;
using MlOpsPortal.Infrastructure.Jobs;
using MlOpsPortal.TestSupport.Web;

namespace MlOpsPortal.Web.Tests.Jobs;

/// <summary>The portal plus test job kinds: <c>test-wait</c> (runs until cancelled), <c>test-flaky</c> (fails on attempt 1), <c>test-count</c>.</summary>
public sealed class JobsPortal : PortalApp
{
    protected override IEnumerable<string> ExtraArgs => ["--Jobs:HeartbeatMilliseconds=250", "--Jobs:EventPollMilliseconds=500", "--Jobs:SweepIntervalSeconds=1", "--Jobs:StaleQueuedSeconds=2"];

    protected override void Configure(WebApplicationBuilder builder)
    {
        builder.Services.AddJobHandler<WaitUntilCancelled>("test-wait");
        builder.Services.AddJobHandler<FlakyJob>("test-flaky");
        builder.Services.AddJobHandler<CountingJob>("test-count");
    }
}

internal sealed class WaitUntilCancelled : IJobHandler
{
    public async Task<Result<string?>> RunAsync(IJobContext context, CancellationToken cancellationToken)
    {
        for (var i = 0; ; i++)
        {
            context.ReportProgress(Math.Min(90, i), $"Waiting {i}");
            context.Log($"tick {i}");
            await Task.Delay(100, cancellationToken);
        }
    }
}

internal sealed class FlakyJob : IJobHandler
{
    public Task<Result<string?>> RunAsync(IJobContext context, CancellationToken cancellationToken) =>
        context.Attempt == 1
            ? throw new InvalidOperationException("boom on the first attempt\nsecond line of the message")
            : Task.FromResult(Result<string?>.Ok("fine now"));
}

internal sealed class CountingJob : IJobHandler
{
    public static readonly ConcurrentDictionary<Guid, int> Runs = new();

    public async Task<Result<string?>> RunAsync(IJobContext context, CancellationToken cancellationToken)
    {
        Runs.AddOrUpdate(context.JobId, 1, (_, n) => n + 1);
        await Task.Delay(300, cancellationToken);
        return Result<string?>.Ok(null);
    }
}
