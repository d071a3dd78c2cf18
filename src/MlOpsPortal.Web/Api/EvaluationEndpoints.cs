using MlOpsPortal.Infrastructure.Evaluation;
using MlOpsPortal.Web.Auth;

namespace MlOpsPortal.Web.Api;

/// <summary>
/// REST for evaluations: <c>POST /api/v1/evaluations</c> (Write) <c>{"modelJobId","dataset":{name,version},"threshold"}</c>
/// → 202 <c>{"jobId","evaluationId"}</c>; <c>GET /api/v1/evaluations/{id}</c> (Read) → the stored evaluation (404 until
/// its job has finished).
/// </summary>
public static class EvaluationEndpoints
{
    public static void MapEvaluationEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/evaluations").WithTags("Evaluation").WithPortalProblems();
        group.MapPost("/", async (EvaluationRequest body, HttpContext http, EvaluationService evaluations, CancellationToken ct) =>
        {
            var submitted = await evaluations.SubmitAsync(body, CurrentActor.From(http.User), ct);
            return submitted.IsSuccess
                ? Results.Accepted($"/api/v1/evaluations/{submitted.Value.EvaluationId}", submitted.Value)
                : Problems.From(submitted.Error);
        }).WithSummary("Evaluate a training job's model on a dataset version (binary models: metrics, confusion, ROC/PR/calibration curves, threshold table).")
          .RequireAuthorization(Policies.Write).WithName("submitEvaluation").Returns<EvaluationSubmitted>(StatusCodes.Status202Accepted).Problems(StatusCodes.Status404NotFound);
        group.MapPost("/compare", async (CompareRequest body, EvaluationComparison comparison, CancellationToken ct) =>
            (await comparison.CompareAsync(body, ct)).ToHttp())
            .WithSummary("Champion vs challenger on the same dataset version: metric deltas, MLflow-style threshold checks, McNemar, paired bootstrap AUC CI.")
            .RequireAuthorization(Policies.Read).WithName("compareEvaluations").Returns<ComparisonDto>().Problems(StatusCodes.Status404NotFound);
        group.MapGet("/{id:guid}", async (Guid id, EvaluationService evaluations, CancellationToken ct) =>
            (await evaluations.GetAsync(id, ct)).ToHttp()).RequireAuthorization(Policies.Read)
            .WithName("getEvaluation").Returns<EvaluationDto>().Problems(StatusCodes.Status404NotFound);
    }
}
