using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using MlOpsPortal.Application.Artifacts;
using MlOpsPortal.Engines.Onnx;
using MlOpsPortal.Engines.XGBoost;
using MlOpsPortal.Infrastructure.Persistence;
using Quartz;

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

internal sealed class SchedulerHealthCheck(ISchedulerFactory factory) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var scheduler = await factory.GetScheduler(cancellationToken);
        var meta = await scheduler.GetMetadata(cancellationToken);
        var description = $"{meta.SchedulerName} node {meta.SchedulerInstanceId}: {meta.Status}, clustered={meta.JobStoreClustered}, persistent={meta.JobStorePersistent}";
        return meta.Status == SchedulerStatus.Running
            ? HealthCheckResult.Healthy(description)
            : HealthCheckResult.Unhealthy("Scheduler is not running: " + description);
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
