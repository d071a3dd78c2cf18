using Microsoft.Extensions.Options;
using MlOpsPortal.Application.Datasets;
using MlOpsPortal.Domain.Common;
using MlOpsPortal.Infrastructure.Inference;
using MlOpsPortal.Infrastructure.Monitoring;
using MlOpsPortal.Web.Auth;

namespace MlOpsPortal.Web.Api.Inference;

/// <summary>
/// Prediction feedback and live performance, batch scoring jobs, drift jobs and reports, monitors. Feedback uses the
/// <c>score</c> scope (the client that scores sends the labels); every other mutation needs the Write policy.
/// </summary>
public static class MonitoringEndpoints
{
    public static void MapMonitoringEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/v1/predictions/feedback", async (FeedbackRequest body, PredictionFeedbackService feedback, CancellationToken ct) =>
            (await feedback.SubmitAsync(body, ct)).ToHttp())
            .WithTags("Inference").WithSummary("Attach ground-truth labels (or values) to logged predictions by the ids the predict call returned.")
            .RequireAuthorization(Policies.Score).DisableAntiforgery()
            .WithName("submitPredictionFeedback").Returns<FeedbackResult>().WithPortalProblems().Problems(StatusCodes.Status404NotFound);
        app.MapGet("/api/v1/monitoring/performance", async (string model, string? alias, int? hours, PredictionFeedbackService feedback, TimeProvider time, CancellationToken ct) =>
            TypedResults.Ok(await feedback.PerformanceAsync(model, alias, time.GetUtcNow().AddHours(-Math.Clamp(hours ?? 24, 1, 24 * 90)), ct)))
            .WithTags("Monitoring").RequireAuthorization(Policies.Read).WithName("getLivePerformance").WithPortalProblems();

        var batch = app.MapGroup("/api/v1/batch-scoring-jobs").WithTags("Inference").WithPortalProblems();
        batch.MapPost("/", SubmitBatchAsync)
            .WithSummary("Score a dataset version (JSON {model, dataset}) or an uploaded CSV (text/csv body or multipart 'file', model in the query: ?model=NAME&alias=A or &version=N).")
            .RequireAuthorization(Policies.Write).DisableAntiforgery()
            .WithName("submitBatchScoringJob").Returns<BatchScoringSubmitted>(StatusCodes.Status202Accepted)
            .Problems(StatusCodes.Status404NotFound, StatusCodes.Status413PayloadTooLarge);
        batch.MapGet("/", async (int? take, BatchScoringService service, CancellationToken ct) => TypedResults.Ok(await service.ListAsync(Math.Clamp(take ?? 50, 1, 200), ct)))
            .RequireAuthorization(Policies.Read).WithName("listBatchScoringJobs");
        batch.MapGet("/{id:guid}", async (Guid id, BatchScoringService service, CancellationToken ct) => (await service.GetAsync(id, ct)).ToHttp())
            .RequireAuthorization(Policies.Read).WithName("getBatchScoringJob").Returns<BatchScoringDto>().Problems(StatusCodes.Status404NotFound);
        batch.MapGet("/{id:guid}/output", async (Guid id, BatchScoringService service, CancellationToken ct) =>
        {
            var output = await service.OpenOutputAsync(id, ct);
            return output.IsSuccess ? Results.File(output.Value.Content, "text/csv", output.Value.FileName) : Problems.From(output.Error);
        }).RequireAuthorization(Policies.Read).WithName("downloadBatchScoringOutput").ReturnsFile("text/csv")
            .Problems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);

        var drift = app.MapGroup("/api/v1").WithTags("Monitoring").WithPortalProblems();
        drift.MapPost("/drift-jobs", async (DriftRequest body, HttpContext http, MonitorService monitors, CancellationToken ct) =>
            (await monitors.SubmitAsync(body, CurrentActor.From(http.User), ct)).ToHttp(s => TypedResults.Accepted($"/api/v1/jobs/{s.JobId}", s)))
            .WithSummary("Test reference vs current data for drift (Evidently's default tests per column, plus prediction drift).")
            .RequireAuthorization(Policies.Write).WithName("submitDriftJob").Returns<DriftSubmitted>(StatusCodes.Status202Accepted).Problems(StatusCodes.Status404NotFound);
        drift.MapGet("/drift-reports", async (string? model, string? monitor, int? take, MonitorService monitors, CancellationToken ct) =>
        {
            Guid? monitorId = null;
            if (monitor is not null)
            {
                var m = await monitors.GetAsync(monitor, ct);
                if (!m.IsSuccess)
                {
                    return Problems.From(m.Error);
                }

                monitorId = m.Value.Id;
            }

            return TypedResults.Ok(await monitors.ListReportsAsync(monitorId, model, take ?? 50, ct));
        }).RequireAuthorization(Policies.Read).WithName("listDriftReports").Returns<IReadOnlyList<DriftReportDto>>().Problems(StatusCodes.Status404NotFound);
        drift.MapGet("/drift-reports/{id:guid}", async (Guid id, MonitorService monitors, CancellationToken ct) => (await monitors.GetReportAsync(id, ct)).ToHttp())
            .RequireAuthorization(Policies.Read).WithName("getDriftReport").Returns<DriftReportDto>().Problems(StatusCodes.Status404NotFound);

        var mon = app.MapGroup("/api/v1/monitors").WithTags("Monitoring").WithPortalProblems();
        mon.MapPost("/", async (MonitorRequest body, HttpContext http, MonitorService monitors, CancellationToken ct) =>
            (await monitors.CreateAsync(body, CurrentActor.From(http.User), ct)).ToHttp(m => TypedResults.Created($"/api/v1/monitors/{Uri.EscapeDataString(m.Name)}", m)))
            .WithSummary("Monitor a model alias: reference, current window, cron schedule, alert rules (drift share, live metric) and actions.")
            .RequireAuthorization(Policies.Write).WithName("createMonitor").Returns<MonitorDto>(StatusCodes.Status201Created)
            .Problems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
        mon.MapGet("/", async (MonitorService monitors, CancellationToken ct) => TypedResults.Ok(await monitors.ListAsync(ct))).RequireAuthorization(Policies.Read).WithName("listMonitors");
        mon.MapGet("/{name}", async (string name, MonitorService monitors, CancellationToken ct) => (await monitors.GetAsync(name, ct)).ToHttp()).RequireAuthorization(Policies.Read)
            .WithName("getMonitor").Returns<MonitorDto>().Problems(StatusCodes.Status404NotFound);
        mon.MapGet("/{name}/alerts", async (string name, MonitorService monitors, CancellationToken ct) =>
        {
            var m = await monitors.GetAsync(name, ct);
            return m.IsSuccess ? TypedResults.Ok(await monitors.ListAlertsAsync(m.Value.Id, ct)) : Problems.From(m.Error);
        }).RequireAuthorization(Policies.Read).WithName("listMonitorAlerts").Returns<IReadOnlyList<MonitorAlertDto>>().Problems(StatusCodes.Status404NotFound);
        mon.MapPost("/{name}/run", async (string name, MonitorRunRequest? body, HttpContext http, MonitorService monitors, CancellationToken ct) =>
            (await monitors.RunNowAsync(name, body, CurrentActor.From(http.User), ct)).ToHttp(s => TypedResults.Accepted($"/api/v1/jobs/{s.JobId}", s)))
            .RequireAuthorization(Policies.Write).WithName("runMonitor").WithSummary("Run a monitor now: against its window of logged predictions, else the most recent window with traffic, else a chosen dataset version ('current').")
            .Returns<DriftSubmitted>(StatusCodes.Status202Accepted).Problems(StatusCodes.Status404NotFound);
        mon.MapDelete("/{name}", async (string name, HttpContext http, MonitorService monitors, CancellationToken ct) =>
            (await monitors.DeleteAsync(name, CurrentActor.From(http.User), ct)).ToHttp(_ => TypedResults.NoContent())).RequireAuthorization(Policies.Write)
            .WithName("deleteMonitor").ReturnsNoContent().Problems(StatusCodes.Status404NotFound);
    }

    private const int MaxJsonBodyBytes = 1 << 20;

    private static async Task<IResult> SubmitBatchAsync(
        HttpContext http, BatchScoringService service, IDatasetCatalog catalog, IOptions<DatasetOptions> datasets, CancellationToken ct)
    {
        var request = http.Request;
        var mediaType = request.ContentType?.Split(';')[0].Trim() ?? string.Empty;
        var actor = CurrentActor.From(http.User);
        if (mediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase))
        {
            var json = http.RequestServices.GetRequiredService<IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>().Value.SerializerOptions;
            var body = await JsonProblems.ReadAsync<BatchScoringRequest>(request, json, MaxJsonBodyBytes, ct);
            return body.IsSuccess
                ? (await service.SubmitAsync(body.Value, actor, ct)).ToHttp(s => TypedResults.Accepted($"/api/v1/batch-scoring-jobs/{s.JobId}", s))
                : Problems.From(body.Error);
        }

        var query = request.Query;
        int? version = int.TryParse(query["version"], out var v) ? v : null;
        var target = new ModelSelector(query["model"], query["alias"].ToString() is { Length: > 0 } a ? a : null, version).ToTarget();
        if (target is null)
        {
            return Problems.From(Error.Invalid("Name the model in the query: ?model=NAME&alias=ALIAS or ?model=NAME&version=N."));
        }

        var limit = datasets.Value.MaxUploadBytes;
        Result<Application.Artifacts.StoredArtifact> stored;
        string fileName;
        try
        {
            if (mediaType.Equals("text/csv", StringComparison.OrdinalIgnoreCase))
            {
                stored = await catalog.StoreAsync(request.Body, ct);
                fileName = "body.csv";
            }
            else
            {
                var upload = await DatasetUploadReader.ReadAsync(request, catalog, limit, ct);
                stored = upload.IsSuccess ? upload.Value.Stored : upload.Error;
                fileName = "file.csv";
            }
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return Problems.From(CsvErrors.TooLarge(limit));
        }

        return stored.IsSuccess
            ? (await service.SubmitUploadAsync(target, stored.Value, fileName, actor, ct)).ToHttp(s => TypedResults.Accepted($"/api/v1/batch-scoring-jobs/{s.JobId}", s))
            : Problems.From(stored.Error);
    }
}
