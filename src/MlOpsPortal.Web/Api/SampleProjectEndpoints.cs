using MlOpsPortal.Infrastructure.Samples;
using MlOpsPortal.Web.Auth;

namespace MlOpsPortal.Web.Api;

/// <summary>
/// REST for "Load the sample project": <c>POST /api/v1/sample-project</c> (Write) → 202 <c>{"jobId"}</c> of the
/// <c>sample-project</c> job (the running one when there is one); <c>GET /api/v1/sample-project</c> (Read) → what exists
/// so far: the job and its status, dataset versions, run, registered version and evaluation.
/// </summary>
public static class SampleProjectEndpoints
{
    public static void MapSampleProjectEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/sample-project").WithTags("Samples").WithPortalProblems();
        group.MapPost("/", async (HttpContext http, SampleProjectService samples, CancellationToken ct) =>
            (await samples.StartAsync(CurrentActor.From(http.User), ct)).ToHttp(id => TypedResults.Accepted($"/api/v1/jobs/{id}", new SampleProjectStarted(id))))
            .WithSummary("Load the sample project: import the bundled UCI Adult data, train XGBoost, register the model as 'adult-income-sample' and evaluate it (a background job; idempotent).")
            .RequireAuthorization(Policies.Write).WithName("startSampleProject").Returns<SampleProjectStarted>(StatusCodes.Status202Accepted);
        group.MapGet("/", async (SampleProjectService samples, CancellationToken ct) => TypedResults.Ok(await samples.GetStateAsync(ct)))
            .WithSummary("What the sample project has produced so far: its newest job, dataset versions, run, registered model version and evaluation.")
            .RequireAuthorization(Policies.Read).WithName("getSampleProject").Returns<SampleProjectState>();
    }
}
