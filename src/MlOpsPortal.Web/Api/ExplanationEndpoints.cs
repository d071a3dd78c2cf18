using MlOpsPortal.Infrastructure.Explain;
using MlOpsPortal.Web.Auth;

namespace MlOpsPortal.Web.Api;

/// <summary>
/// REST for explanations: <c>POST /api/v1/explanations</c> (Write) → 202 <c>{"explanationId","jobId"}</c>;
/// <c>GET /api/v1/explanations/{id}</c> (Read) → status, request and (once finished) the result;
/// <c>GET /api/v1/explanations?model=&amp;version=</c> lists them.
/// </summary>
public static class ExplanationEndpoints
{
    public static void MapExplanationEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/explanations").WithTags("Explainability").WithPortalProblems();
        group.MapPost("/", async (ExplanationRequest body, HttpContext http, ExplanationService explanations, CancellationToken ct) =>
        {
            var submitted = await explanations.SubmitAsync(body, CurrentActor.From(http.User), ct);
            return submitted.IsSuccess
                ? Results.Accepted($"/api/v1/explanations/{submitted.Value.ExplanationId}", submitted.Value)
                : Problems.From(submitted.Error);
        }).WithSummary("Explain a registered model version on a dataset version: TreeSHAP + gain for XGBoost packages, permutation importance otherwise.")
          .RequireAuthorization(Policies.Write).WithName("submitExplanation").Returns<ExplanationSubmitted>(StatusCodes.Status202Accepted).Problems(StatusCodes.Status404NotFound);
        group.MapGet("/{id:guid}", async (Guid id, ExplanationService explanations, CancellationToken ct) =>
            (await explanations.GetAsync(id, ct)).ToHttp()).RequireAuthorization(Policies.Read)
            .WithName("getExplanation").Returns<ExplanationDto>().Problems(StatusCodes.Status404NotFound);
        group.MapGet("/", async (string? model, int? version, int? take, ExplanationService explanations, CancellationToken ct) =>
            TypedResults.Ok(await explanations.ListAsync(model, version, take ?? 50, ct))).RequireAuthorization(Policies.Read).WithName("listExplanations");
    }
}
