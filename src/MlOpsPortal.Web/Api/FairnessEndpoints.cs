using System.Text;
using MlOpsPortal.Application.Fairness;
using MlOpsPortal.Web.Auth;

namespace MlOpsPortal.Web.Api;

/// <summary>REST for fairness reports: <c>/api/v1/fairness</c>. Creating needs Write; reading needs Read.</summary>
public static class FairnessEndpoints
{
    public static void MapFairnessEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/fairness").WithTags("Fairness").WithPortalProblems();
        group.MapPost("/reports", async (FairnessReportRequest body, HttpContext http, IFairnessReports reports, CancellationToken ct) =>
            (await reports.CreateAsync(body, CurrentActor.From(http.User), ct)).ToHttp(created =>
                TypedResults.Accepted($"/api/v1/fairness/reports/{created.ReportId}", created)))
            .RequireAuthorization(Policies.Write).WithName("createFairnessReport").Returns<FairnessReportCreated>(StatusCodes.Status202Accepted).Problems(StatusCodes.Status404NotFound);
        group.MapGet("/reports", async (int? skip, int? take, IFairnessReports reports, CancellationToken ct) =>
            TypedResults.Ok(await reports.ListAsync(skip ?? 0, take ?? 100, ct))).RequireAuthorization(Policies.Read).WithName("listFairnessReports");
        group.MapGet("/reports/{id:guid}", async (Guid id, IFairnessReports reports, CancellationToken ct) =>
            (await reports.GetAsync(id, ct)).ToHttp()).RequireAuthorization(Policies.Read)
            .WithName("getFairnessReport").Returns<FairnessReportDto>().Problems(StatusCodes.Status404NotFound);
        group.MapPost("/reports/{id:guid}/thresholds", async (Guid id, GroupThresholdRequest body, HttpContext http, IFairnessThresholds thresholds, CancellationToken ct) =>
            (await thresholds.ComputeAsync(id, body, CurrentActor.From(http.User), ct)).ToHttp()).RequireAuthorization(Policies.Write)
            .WithName("computeGroupThresholds").Returns<GroupThresholdResponse>().Problems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
        group.MapGet("/reports/{id:guid}/export.html", async (Guid id, IFairnessReports reports, CancellationToken ct) =>
            (await reports.GetAsync(id, ct)).ToHttp(r => TypedResults.File(
                Encoding.UTF8.GetBytes(FairnessExport.ToHtml(new FairnessReportView(r))), "text/html; charset=utf-8", $"fairness-report-{id}.html")))
            .RequireAuthorization(Policies.Read).WithName("exportFairnessReportHtml").ReturnsFile("text/html").Problems(StatusCodes.Status404NotFound);
        group.MapGet("/compare", async (Guid before, Guid after, IFairnessReports reports, CancellationToken ct) =>
        {
            var b = await reports.GetAsync(before, ct);
            var a = await reports.GetAsync(after, ct);
            return !b.IsSuccess ? Problems.From(b.Error) : !a.IsSuccess ? Problems.From(a.Error) : FairnessComparison.Compare(b.Value, a.Value).ToHttp();
        }).WithSummary("Before/after trade-off of two reports (e.g. a model and its reweighed retraining): accuracy, per-group rates and headline disparities.")
          .RequireAuthorization(Policies.Read).WithName("compareFairnessReports").Returns<FairnessComparisonDto>().Problems(StatusCodes.Status404NotFound);
        group.MapGet("/reports/{id:guid}/export.pdf", async (Guid id, IFairnessReports reports, HtmlToPdf pdf, CancellationToken ct) =>
        {
            var report = await reports.GetAsync(id, ct);
            if (!report.IsSuccess)
            {
                return Problems.From(report.Error);
            }

            var printed = await pdf.PrintAsync(FairnessExport.ToHtml(new FairnessReportView(report.Value)), ct);
            return printed.ToHttp(bytes => TypedResults.File(bytes, "application/pdf", $"fairness-report-{id}.pdf"));
        }).WithSummary("The printable report as PDF, printed by headless Chromium (501 when Chromium is not installed).")
          .RequireAuthorization(Policies.Read).WithName("exportFairnessReportPdf").ReturnsFile("application/pdf")
          .Problems(StatusCodes.Status404NotFound, StatusCodes.Status501NotImplemented);
        group.MapGet("/reports/{id:guid}/export.csv", async (Guid id, IFairnessReports reports, CancellationToken ct) =>
            (await reports.GetAsync(id, ct)).ToHttp(r => TypedResults.File(
                Encoding.UTF8.GetBytes(FairnessExport.ToCsv(new FairnessReportView(r))), "text/csv; charset=utf-8", $"fairness-report-{id}.csv")))
            .RequireAuthorization(Policies.Read).WithName("exportFairnessReportCsv").ReturnsFile("text/csv").Problems(StatusCodes.Status404NotFound);
    }
}
