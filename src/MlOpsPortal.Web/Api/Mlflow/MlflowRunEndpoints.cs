using MlOpsPortal.Domain.Common;
using MlOpsPortal.Domain.Tracking;
using MlOpsPortal.Infrastructure.Tracking;
using MlOpsPortal.Web.Auth;

namespace MlOpsPortal.Web.Api.Mlflow;

/// <summary>MLflow-compatible run and metric endpoints under /api/2.0/mlflow/runs and /metrics.</summary>
public static class MlflowRunEndpoints
{
    public static void MapMlflowRunEndpoints(this RouteGroupBuilder group)
    {
        var runs = group.MapGroup("/runs");
        runs.MapPost("/create", CreateAsync).RequireAuthorization(Policies.Write)
            .WithName("mlflowCreateRun").Returns<MlflowRunResponse>().AcceptsMlflowJson<CreateRunRequest>();
        runs.MapGet("/get", async (string? run_id, string? run_uuid, RunService svc, CancellationToken ct) =>
            (await svc.GetAsync(run_id ?? run_uuid, ct)).To(r => new { run = MlflowJson.ToJson(r) })).RequireAuthorization(Policies.Read)
            .WithName("mlflowGetRun").Returns<MlflowRunResponse>();
        runs.MapPost("/update", UpdateAsync).RequireAuthorization(Policies.Write)
            .WithName("mlflowUpdateRun").Returns<MlflowUpdateRunResponse>().AcceptsMlflowJson<UpdateRunRequest>();
        runs.MapPost("/delete", (HttpContext http, RunService svc, CancellationToken ct) => LifecycleAsync(http, svc, restore: false, ct)).RequireAuthorization(Policies.Write)
            .WithName("mlflowDeleteRun").Returns<Registry.MlflowEmptyResponse>().AcceptsMlflowJson<RunIdRequest>();
        runs.MapPost("/restore", (HttpContext http, RunService svc, CancellationToken ct) => LifecycleAsync(http, svc, restore: true, ct)).RequireAuthorization(Policies.Write)
            .WithName("mlflowRestoreRun").Returns<Registry.MlflowEmptyResponse>().AcceptsMlflowJson<RunIdRequest>();
        runs.MapPost("/search", SearchAsync).RequireAuthorization(Policies.Read)
            .WithName("mlflowSearchRuns").Returns<MlflowRunsPage>().AcceptsMlflowJson<SearchRunsRequest>();
        runs.MapPost("/log-batch", LogBatchAsync).RequireAuthorization(Policies.Write)
            .WithName("mlflowLogBatch").Returns<Registry.MlflowEmptyResponse>().AcceptsMlflowJson<LogBatchRequest>();
        runs.MapPost("/log-metric", LogMetricAsync).RequireAuthorization(Policies.Write)
            .WithName("mlflowLogMetric").Returns<Registry.MlflowEmptyResponse>().AcceptsMlflowJson<LogMetricRequest>();
        runs.MapPost("/log-parameter", LogParamAsync).RequireAuthorization(Policies.Write)
            .WithName("mlflowLogParam").Returns<Registry.MlflowEmptyResponse>().AcceptsMlflowJson<LogParamRequest>();
        runs.MapPost("/set-tag", SetTagAsync).RequireAuthorization(Policies.Write)
            .WithName("mlflowSetRunTag").Returns<Registry.MlflowEmptyResponse>().AcceptsMlflowJson<SetTagRequest>();
        runs.MapPost("/delete-tag", DeleteTagAsync).RequireAuthorization(Policies.Write)
            .WithName("mlflowDeleteRunTag").Returns<Registry.MlflowEmptyResponse>().AcceptsMlflowJson<DeleteTagRequest>();
        group.MapGet("/metrics/get-history", async (string? run_id, string? run_uuid, string? metric_key, int? max_results, string? page_token, MetricHistoryService svc, CancellationToken ct) =>
            (await svc.GetHistoryAsync(run_id ?? run_uuid, metric_key, max_results, page_token, ct))
            .To(p => new { metrics = p.Metrics.Select(MlflowJson.ToJson).ToList(), next_page_token = p.NextPageToken })).RequireAuthorization(Policies.Read)
            .WithName("mlflowGetMetricHistory").Returns<MlflowMetricHistoryPage>();
    }

    private static async Task<IResult> CreateAsync(HttpContext http, RunService svc, CancellationToken ct)
    {
        var body = await MlflowJson.ReadAsync<CreateRunRequest>(http.Request, ct);
        if (!body.IsSuccess)
        {
            return MlflowJson.Fail(body.Error);
        }

        var b = body.Value;
        var request = new CreateRun(b.ExperimentId ?? "0", b.UserId, b.RunName, b.StartTime, MlflowJson.FromJson(b.Tags));
        return (await svc.CreateAsync(CurrentActor.From(http.User), request, ct)).To(r => new { run = MlflowJson.ToJson(r) });
    }

    private static async Task<IResult> UpdateAsync(HttpContext http, RunService svc, CancellationToken ct)
    {
        var body = await MlflowJson.ReadAsync<UpdateRunRequest>(http.Request, ct);
        if (!body.IsSuccess)
        {
            return MlflowJson.Fail(body.Error);
        }

        var b = body.Value;
        return (await svc.UpdateAsync(CurrentActor.From(http.User), b.RunId ?? b.RunUuid, b.Status, b.EndTime, b.RunName, ct))
            .To(i => new { run_info = MlflowJson.ToJson(i) });
    }

    private static async Task<IResult> LifecycleAsync(HttpContext http, RunService svc, bool restore, CancellationToken ct)
    {
        var body = await MlflowJson.ReadAsync<RunIdRequest>(http.Request, ct);
        if (!body.IsSuccess)
        {
            return MlflowJson.Fail(body.Error);
        }

        var id = body.Value.RunId ?? body.Value.RunUuid;
        var actor = CurrentActor.From(http.User);
        return (restore ? await svc.RestoreAsync(actor, id, ct) : await svc.DeleteAsync(actor, id, ct)).To(_ => new { });
    }

    private static async Task<IResult> SearchAsync(HttpContext http, RunSearchService svc, CancellationToken ct)
    {
        var body = await MlflowJson.ReadAsync<SearchRunsRequest>(http.Request, ct);
        if (!body.IsSuccess)
        {
            return MlflowJson.Fail(body.Error);
        }

        var b = body.Value;
        if (TrackingLimits.ValidateMaxResults(b.MaxResults, TrackingLimits.SearchRunsMax) is { } bad)
        {
            return MlflowJson.Fail(bad);
        }

        var request = new RunSearchRequest(b.ExperimentIds ?? [], b.Filter, b.OrderBy, MlflowJson.View(b.RunViewType),
            (int)(b.MaxResults ?? TrackingLimits.SearchRunsDefault), b.PageToken);
        return (await svc.SearchAsync(request, ct)).To(p => new { runs = p.Runs.Select(MlflowJson.ToJson).ToList(), next_page_token = p.NextPageToken });
    }

    private static async Task<IResult> LogBatchAsync(HttpContext http, RunIngest ingest, TimeProvider time, CancellationToken ct)
    {
        var body = await MlflowJson.ReadAsync<LogBatchRequest>(http.Request, ct, TrackingLimits.MaxBatchRequestBytes);
        if (!body.IsSuccess)
        {
            return MlflowJson.Fail(body.Error);
        }

        var b = body.Value;
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        var metrics = new List<MetricValue>((b.Metrics ?? []).Count);
        foreach (var m in b.Metrics ?? [])
        {
            if (m.Value is null)
            {
                return MlflowJson.Fail(Error.Invalid($"Got invalid value None for metric '{m.Key}'. Please specify value as a valid double (64-bit floating point)."));
            }

            metrics.Add(new MetricValue(m.Key ?? string.Empty, m.Value.Value, m.Timestamp ?? now, m.Step ?? 0));
        }

        var batch = new LogBatch(metrics, MlflowJson.FromJson(b.Params), MlflowJson.FromJson(b.Tags));
        return (await ingest.LogBatchAsync(b.RunId, batch, ct)).To(_ => new { });
    }

    private static async Task<IResult> LogMetricAsync(HttpContext http, RunIngest ingest, TimeProvider time, CancellationToken ct)
    {
        var body = await MlflowJson.ReadAsync<LogMetricRequest>(http.Request, ct);
        if (!body.IsSuccess)
        {
            return MlflowJson.Fail(body.Error);
        }

        var b = body.Value;
        if (b.Value is null)
        {
            return MlflowJson.Fail(Error.Invalid("Missing value for required parameter 'value'. See the API docs for more information about request parameters."));
        }

        var metric = new MetricValue(b.Key ?? string.Empty, b.Value.Value, b.Timestamp ?? time.GetUtcNow().ToUnixTimeMilliseconds(), b.Step ?? 0);
        return (await ingest.LogBatchAsync(b.RunId ?? b.RunUuid, new LogBatch([metric], [], []), ct)).To(_ => new { });
    }

    private static async Task<IResult> LogParamAsync(HttpContext http, RunIngest ingest, CancellationToken ct)
    {
        var body = await MlflowJson.ReadAsync<LogParamRequest>(http.Request, ct);
        if (!body.IsSuccess)
        {
            return MlflowJson.Fail(body.Error);
        }

        var b = body.Value;
        var param = new KeyValue(b.Key ?? string.Empty, b.Value ?? string.Empty);
        return (await ingest.LogBatchAsync(b.RunId ?? b.RunUuid, new LogBatch([], [param], []), ct)).To(_ => new { });
    }

    private static async Task<IResult> SetTagAsync(HttpContext http, RunService svc, CancellationToken ct)
    {
        var body = await MlflowJson.ReadAsync<SetTagRequest>(http.Request, ct);
        return body.IsSuccess
            ? (await svc.SetTagAsync(CurrentActor.From(http.User), body.Value.RunId ?? body.Value.RunUuid, body.Value.Key, body.Value.Value, ct)).To(_ => new { })
            : MlflowJson.Fail(body.Error);
    }

    private static async Task<IResult> DeleteTagAsync(HttpContext http, RunService svc, CancellationToken ct)
    {
        var body = await MlflowJson.ReadAsync<DeleteTagRequest>(http.Request, ct);
        return body.IsSuccess
            ? (await svc.DeleteTagAsync(CurrentActor.From(http.User), body.Value.RunId, body.Value.Key, ct)).To(_ => new { })
            : MlflowJson.Fail(body.Error);
    }
}
