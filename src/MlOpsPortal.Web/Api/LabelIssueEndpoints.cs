using MlOpsPortal.Application.Datasets;
using MlOpsPortal.Infrastructure.LabelIssues;
using MlOpsPortal.Web.Auth;

namespace MlOpsPortal.Web.Api;

/// <summary>
/// REST for label-error detection (confident learning): <c>POST /api/v1/label-issue-jobs</c> → 202 {jobId, reportId};
/// <c>GET /api/v1/label-issues/{reportId}</c>; <c>GET /api/v1/label-issues?dataset=</c>; review with
/// <c>POST .../decisions</c> and <c>POST .../apply</c> (creates the next dataset version).
/// </summary>
public static class LabelIssueEndpoints
{
    public static void MapLabelIssueEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/v1/label-issue-jobs", async (LabelIssueRequest body, HttpContext http, LabelIssueService service, CancellationToken ct) =>
            (await service.SubmitAsync(body, CurrentActor.From(http.User), ct)).ToHttp(s => TypedResults.Accepted($"/api/v1/label-issues/{s.ReportId}", s)))
            .WithTags("Datasets").WithPortalProblems().RequireAuthorization(Policies.Write)
            .WithSummary("Find likely label errors in a dataset version by confident learning (k-fold out-of-fold probabilities, prune by noise rate).")
            .WithDescription("Body: {dataset: {name, version}, label, folds (5), algorithm gbtree|gblinear (gbtree), hyperparameters {rounds (100), ...}, seed (42)}.")
            .WithName("submitLabelIssueJob").Returns<LabelIssueSubmitted>(StatusCodes.Status202Accepted).Problems(StatusCodes.Status404NotFound);
        var group = app.MapGroup("/api/v1/label-issues").WithTags("Datasets").WithPortalProblems();
        group.MapGet("/", async (string dataset, LabelIssueService service, CancellationToken ct) => TypedResults.Ok(await service.ListAsync(dataset, ct)))
            .RequireAuthorization(Policies.Read).WithName("listLabelIssueReports");
        group.MapGet("/{reportId:guid}", async (Guid reportId, LabelIssueService service, CancellationToken ct) => (await service.GetAsync(reportId, ct)).ToHttp())
            .RequireAuthorization(Policies.Read).WithName("getLabelIssueReport").Returns<LabelIssueReportView>().Problems(StatusCodes.Status404NotFound);
        group.MapPost("/{reportId:guid}/decisions", async (Guid reportId, LabelDecisions body, HttpContext http, LabelIssueService service, CancellationToken ct) =>
            (await service.DecideAsync(reportId, body, CurrentActor.From(http.User), ct)).ToHttp())
            .RequireAuthorization(Policies.Write).WithSummary("Accept (relabel, drop) or reject suspect rows, in bulk: {decisions:[{row, action, label?}]}.")
            .WithName("decideLabelIssues").Returns<LabelIssueReportView>().Problems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
        group.MapPost("/{reportId:guid}/apply", async (Guid reportId, HttpContext http, LabelIssueService service, CancellationToken ct) =>
            (await service.ApplyAsync(reportId, CurrentActor.From(http.User), ct))
                .ToHttp(v => TypedResults.Created($"/api/v1/datasets/{Uri.EscapeDataString(v.Name)}/versions/{v.Version}", v)))
            .RequireAuthorization(Policies.Write).WithSummary("Create the next dataset version with the accepted fixes; the report records it.")
            .WithName("applyLabelIssues").Returns<DatasetVersionDetail>(StatusCodes.Status201Created).Problems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
    }
}
