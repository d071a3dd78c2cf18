using MlOpsPortal.Application.Quality;
using MlOpsPortal.Infrastructure.Quality;
using MlOpsPortal.Web.Auth;

namespace MlOpsPortal.Web.Api;

/// <summary>
/// REST for data-quality rules (per dataset; Write to change) and the quality reports of versions (Read):
/// <c>GET|PUT /api/v1/datasets/{name}/quality-rules</c> {"rules":[...]}; <c>GET /api/v1/datasets/{name}/versions/{v}/quality-report</c>;
/// <c>POST</c> on the same path evaluates the current rules on the version again.
/// </summary>
public static class DataQualityEndpoints
{
    public static void MapDataQualityEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/datasets").WithTags("Datasets").WithPortalProblems();
        group.MapGet("/{name}/quality-rules", async (string name, DataQualityService quality, CancellationToken ct) =>
            (await quality.GetRulesAsync(name, ct)).ToHttp()).RequireAuthorization(Policies.Read)
            .WithName("getDatasetQualityRules").Returns<QualityRuleSet>().Problems(StatusCodes.Status404NotFound);
        group.MapPut("/{name}/quality-rules", async (string name, QualityRuleSet body, HttpContext http, DataQualityService quality, CancellationToken ct) =>
            (await quality.PutRulesAsync(name, body, CurrentActor.From(http.User), ct)).ToHttp()).RequireAuthorization(Policies.Write)
            .WithSummary("Replace the dataset's data-quality rules; the profile job evaluates them on every new version.")
            .WithDescription("Body: {rules: [{kind: maxMissingShare|range|allowedValues|uniqueKey|maxDuplicateShare|minClassShare|schemaChange, " +
                "column, columns (uniqueKey), min, max (shares 0-1 for maxMissingShare, maxDuplicateShare, minClassShare), values (allowedValues), " +
                "severity: warning|blocking}]}. A failing blocking rule makes training, HPO and recipes on the version answer 400.")
            .WithName("putDatasetQualityRules").Returns<QualityRuleSet>().Problems(StatusCodes.Status404NotFound);
        group.MapGet("/{name}/versions/{version:int}/quality-report", async (string name, int version, DataQualityService quality, CancellationToken ct) =>
            (await quality.GetReportAsync(name, version, ct)).ToHttp()).RequireAuthorization(Policies.Read)
            .WithName("getDatasetQualityReport").Returns<QualityReportView>().Problems(StatusCodes.Status404NotFound);
        group.MapPost("/{name}/versions/{version:int}/quality-report", async (string name, int version, DataQualityService quality, CancellationToken ct) =>
            (await quality.ReevaluateAsync(name, version, ct)).ToHttp()).RequireAuthorization(Policies.Write)
            .WithSummary("Evaluate the dataset's current rules on this version again and store the report.")
            .WithName("evaluateDatasetQuality").Returns<QualityReportView>().Problems(StatusCodes.Status404NotFound);
    }
}
