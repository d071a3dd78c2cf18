using MlOpsPortal.Application.Jobs;
using MlOpsPortal.Web.Auth;

namespace MlOpsPortal.Web.Api;

/// <summary>REST for jobs: <c>/api/v1/jobs</c>. Reading needs Read; cancel and retry need Write.</summary>
public static class JobEndpoints
{
    public static void MapJobEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/jobs").WithTags("Jobs").WithPortalProblems();
        group.MapGet("/", async ([AsParameters] JobFilter f, IJobQueries jobs, CancellationToken ct) =>
            TypedResults.Ok(await jobs.ListAsync(f.ToQuery(), ct))).RequireAuthorization(Policies.Read).WithName("listJobs");
        group.MapGet("/{id:guid}", async (Guid id, IJobQueries jobs, CancellationToken ct) =>
            await jobs.GetAsync(id, ct) is { } job ? Results.Ok(job) : Problems.From(Domain.Common.Error.NotFound($"Job {id} does not exist.")))
            .RequireAuthorization(Policies.Read).WithName("getJob").Returns<JobDto>().Problems(StatusCodes.Status404NotFound);
        group.MapPost("/{id:guid}/cancel", async (Guid id, HttpContext http, IJobScheduler jobs, CancellationToken ct) =>
            (await jobs.CancelAsync(id, CurrentActor.From(http.User), ct)).ToHttp()).RequireAuthorization(Policies.Write)
            .WithName("cancelJob").Returns<JobDto>().Problems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
        group.MapPost("/{id:guid}/retry", async (Guid id, HttpContext http, IJobScheduler jobs, CancellationToken ct) =>
            (await jobs.RetryAsync(id, CurrentActor.From(http.User), ct)).ToHttp()).RequireAuthorization(Policies.Write)
            .WithName("retryJob").Returns<JobDto>().Problems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);

        // The job cluster's nodes (Hangfire servers, their queues and workers, and the jobs each runs now); Admin only.
        app.MapGet("/api/v1/admin/cluster/nodes", async (Infrastructure.Jobs.ClusterNodes nodes, CancellationToken ct) =>
            TypedResults.Ok(await nodes.ListAsync(ct))).WithTags("Admin").RequireAuthorization(Policies.AdminRead)
            .WithName("listClusterNodes").WithPortalProblems();

        // Per-kind concurrency per node (default: one training job per node); setting one is audited.
        app.MapGet("/api/v1/admin/job-limits", async (Infrastructure.Jobs.JobConcurrency limits, CancellationToken ct) =>
            TypedResults.Ok(await limits.ListAsync(ct))).WithTags("Admin").RequireAuthorization(Policies.AdminRead)
            .WithName("listJobLimits").WithPortalProblems();
        app.MapPut("/api/v1/admin/job-limits/{kind}", async (string kind, Infrastructure.Jobs.JobKindLimitRequest body, HttpContext http, Infrastructure.Jobs.JobConcurrency limits, CancellationToken ct) =>
            (await limits.SetAsync(kind, body, CurrentActor.From(http.User), ct)).ToHttp()).WithTags("Admin").RequireAuthorization(Policies.AdminWrite)
            .WithName("setJobLimit").Returns<Infrastructure.Jobs.JobKindLimitDto>().WithPortalProblems();

        // Per-user limit on running jobs over all nodes; a job over it waits in Queued with the reason as its step.
        app.MapGet("/api/v1/admin/job-quotas", async (Infrastructure.Jobs.JobConcurrency limits, CancellationToken ct) =>
            TypedResults.Ok(await limits.GetQuotaAsync(ct))).WithTags("Admin").RequireAuthorization(Policies.AdminRead)
            .WithName("getJobQuotas").WithPortalProblems();
        app.MapPut("/api/v1/admin/job-quotas", async (Infrastructure.Jobs.JobQuotaRequest body, HttpContext http, Infrastructure.Jobs.JobConcurrency limits, CancellationToken ct) =>
            (await limits.SetQuotaAsync(body, CurrentActor.From(http.User), ct)).ToHttp()).WithTags("Admin").RequireAuthorization(Policies.AdminWrite)
            .WithName("setJobQuotas").Returns<Infrastructure.Jobs.JobQuotaDto>().WithPortalProblems();
    }

    /// <summary>Query string of the job list: status, kind, sort (createdAt, kind, status, progress, startedAt, finishedAt), desc, skip, take.</summary>
    public sealed record JobFilter(JobStatus? Status, string? Kind, string? Sort, bool? Desc, int? Skip, int? Take)
    {
        public JobListQuery ToQuery() => new(Status, Kind, Sort, Desc ?? true, Skip ?? 0, Take ?? 50);
    }
}
