using MlOpsPortal.Domain.Tracking;
using MlOpsPortal.Infrastructure.Tracking;
using MlOpsPortal.Web.Auth;

namespace MlOpsPortal.Web.Api;

public sealed record CreateExperimentBody(string Name, string? Description, IReadOnlyList<KeyValue>? Tags);

public sealed record SearchRunsBody(string? Filter, IReadOnlyList<string>? OrderBy, int? MaxResults, string? PageToken, bool? IncludeDeleted);

/// <summary>The portal's own tracking API (/api/v1): experiments, runs, search, chart data and compare, in camelCase JSON.</summary>
public static class TrackingEndpoints
{
    public static void MapTrackingEndpoints(this IEndpointRouteBuilder app)
    {
        var experiments = app.MapGroup("/api/v1/experiments").WithTags("Experiments").WithPortalProblems();
        experiments.MapGet("/", async (string? search, int? pageSize, string? pageToken, bool? includeDeleted, ExperimentService svc, CancellationToken ct) =>
                (await svc.SearchAsync(null, search, includeDeleted == true ? ViewType.All : ViewType.ActiveOnly, Math.Clamp(pageSize ?? 50, 1, 1000), pageToken, false, true, ct)).ToHttp())
            .WithSummary("List experiments, newest first; `search` matches part of the name; paged by `pageToken`.")
            .RequireAuthorization(Policies.Read).WithName("listExperiments").Returns<ExperimentsPage>();
        experiments.MapGet("/{id}", async (string id, ExperimentService svc, CancellationToken ct) => (await svc.GetAsync(id, ct)).ToHttp())
            .WithSummary("One experiment with its tags.").RequireAuthorization(Policies.Read)
            .WithName("getExperiment").Returns<ExperimentDto>().Problems(StatusCodes.Status404NotFound);
        experiments.MapPost("/", async (CreateExperimentBody body, HttpContext http, ExperimentService svc, CancellationToken ct) =>
                (await svc.CreateAsync(CurrentActor.From(http.User), body.Name, null, body.Tags, body.Description, ct))
                .ToHttp(e => TypedResults.Created($"/api/v1/experiments/{e.ExperimentId}", e)))
            .WithSummary("Create an experiment (DataScientist or Admin).").RequireAuthorization(Policies.Write)
            .WithName("createExperiment").Returns<ExperimentDto>(StatusCodes.Status201Created).Problems(StatusCodes.Status409Conflict);
        experiments.MapPost("/{id}/runs/search", async (string id, SearchRunsBody body, RunSearchService svc, CancellationToken ct) =>
                (await svc.SearchAsync(new RunSearchRequest([id], body.Filter, body.OrderBy, body.IncludeDeleted == true ? ViewType.All : ViewType.ActiveOnly,
                    Math.Clamp(body.MaxResults ?? 50, 1, TrackingLimits.SearchRunsMax), body.PageToken, IncludeTotal: true), ct)).ToHttp())
            .WithSummary("Search an experiment's runs with MLflow's filter syntax (`metrics.auc > 0.9 and params.depth = '6'`) and order_by terms.")
            .RequireAuthorization(Policies.Read).WithName("searchRuns").Returns<RunsPage>().Problems(StatusCodes.Status404NotFound);

        var runs = app.MapGroup("/api/v1/runs").WithTags("Runs").WithPortalProblems();
        runs.MapGet("/{id}", async (string id, RunService svc, CancellationToken ct) => (await svc.GetAsync(id, ct)).ToHttp())
            .WithSummary("One run: info, latest metrics, params, tags, inputs.").RequireAuthorization(Policies.Read)
            .WithName("getRun").Returns<RunDto>().Problems(StatusCodes.Status404NotFound);
        runs.MapGet("/{id}/metrics/{key}/chart", async (string id, string key, bool? byTime, int? maxPoints, MetricHistoryService svc, CancellationToken ct) =>
                (await svc.GetChartAsync(id, key, byTime == true, maxPoints ?? MetricHistoryService.DefaultChartPoints, ct)).ToHttp())
            .WithSummary("A metric's history for charts, downsampled server-side to at most 1000 points (mean, min, max per bucket).")
            .RequireAuthorization(Policies.Read).WithName("getMetricChart").Returns<ChartSeries>().Problems(StatusCodes.Status404NotFound);
        runs.MapGet("/{id}/metrics/{key}/history", async (string id, string key, int? maxResults, string? pageToken, MetricHistoryService svc, CancellationToken ct) =>
                (await svc.GetHistoryAsync(id, key, maxResults, pageToken, ct)).ToHttp())
            .WithSummary("A metric's full history, keyset-paged by step.").RequireAuthorization(Policies.Read)
            .WithName("getMetricHistory").Returns<HistoryPage>().Problems(StatusCodes.Status404NotFound);
        runs.MapGet("/compare", async (string ids, RunSearchService svc, CancellationToken ct) =>
                (await svc.CompareAsync(ids.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries), ct)).ToHttp())
            .WithSummary("2–10 runs side by side (`ids=a,b,c`).").RequireAuthorization(Policies.Read)
            .WithName("compareRuns").Returns<IReadOnlyList<RunDto>>().Problems(StatusCodes.Status404NotFound);
    }
}
