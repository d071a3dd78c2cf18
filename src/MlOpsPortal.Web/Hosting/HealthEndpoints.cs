using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using MlOpsPortal.Application.Artifacts;
using MlOpsPortal.Engines.Onnx;
using MlOpsPortal.Engines.XGBoost;
using MlOpsPortal.Infrastructure.Persistence;
using Hangfire;
using MlOpsPortal.Infrastructure.Jobs;

namespace MlOpsPortal.Web.Hosting;

/// <summary>/health/live (the process answers) and /health/ready (database, scheduler, artifact store, native engines), both JSON.</summary>
public static class HealthEndpoints
{
    private const string Ready = "ready";

    public static IServiceCollection AddPortalHealthChecks(this IServiceCollection services)
    {
        services.AddHealthChecks()
            .AddDbContextCheck<PortalDbContext>("database", tags: [Ready])
            .AddCheck<SchedulerHealthCheck>("scheduler", tags: [Ready])
            .AddCheck<ArtifactStoreHealthCheck>("artifacts", tags: [Ready])
            .AddOnnxRuntimeCheck()
            .AddXGBoostCheck();
        return services;
    }

    public static void MapPortalHealth(this IEndpointRouteBuilder app)
    {
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = WriteAsync }).AllowAnonymous();
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains(Ready) || c.Name is "onnxruntime" or "xgboost", ResponseWriter = WriteAsync }).AllowAnonymous();
    }

    private static Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json";
        var body = new
        {
            status = report.Status.ToString(),
            totalDurationMs = report.TotalDuration.TotalMilliseconds,
            checks = report.Entries.Select(e => new
            {
                name = e.Key,
                status = e.Value.Status.ToString(),
                description = e.Value.Description ?? e.Value.Exception?.Message,
                durationMs = e.Value.Duration.TotalMilliseconds,
                data = e.Value.Data.Count > 0 ? e.Value.Data : null,
            }),
        };
        return JsonSerializer.SerializeAsync(context.Response.Body, body, JsonSerializerOptions.Web, context.RequestAborted);
    }
}

/// <summary>Hangfire's storage answers; says whether this node runs jobs (its Hangfire server) and how many servers are up.</summary>
internal sealed class SchedulerHealthCheck(JobStorage storage, JobNodeSettings node) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var servers = storage.GetMonitoringApi().Servers();
            var description = $"Hangfire node {node.NodeId}: {(node.Enabled ? "runs jobs" : "standby (enqueues only)")}, queues {string.Join(",", JobQueues.ServedBy(node.Resources))}, {servers.Count} server(s) up";
            return Task.FromResult(HealthCheckResult.Healthy(description));
        }
#pragma warning disable CA1031 // Any storage failure makes the check unhealthy with its message.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            return Task.FromResult(HealthCheckResult.Unhealthy("Hangfire storage does not answer: " + ex.Message));
        }
    }
}

/// <summary>The artifact store's own probe: the local root is writable, or the S3 bucket answers a listing.</summary>
internal sealed class ArtifactStoreHealthCheck(IArtifactStore store) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var probe = await store.ProbeAsync(cancellationToken);
        return probe.IsSuccess ? HealthCheckResult.Healthy(probe.Value) : HealthCheckResult.Unhealthy(probe.Error.Message);
    }
}
