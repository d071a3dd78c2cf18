using MlOpsPortal.Domain.Tracking;
using MlOpsPortal.Infrastructure.Tracking;
using MlOpsPortal.Web.Auth;

namespace MlOpsPortal.Web.Api.Mlflow;

/// <summary>MLflow-compatible experiment endpoints under /api/2.0/mlflow/experiments.</summary>
public static class MlflowExperimentEndpoints
{
    public const string Prefix = "/api/2.0/mlflow";

    public static void MapMlflowEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup(Prefix).WithTags("MLflow").WithMlflowErrors();
        var experiments = group.MapGroup("/experiments");
        experiments.MapPost("/create", CreateAsync).RequireAuthorization(Policies.Write)
            .WithName("mlflowCreateExperiment").Returns<MlflowCreateExperimentResponse>().AcceptsMlflowJson<CreateExperimentRequest>();
        experiments.MapGet("/get", async (string? experiment_id, ExperimentService svc, CancellationToken ct) =>
            (await svc.GetAsync(experiment_id, ct)).To(e => new { experiment = MlflowJson.ToJson(e) })).RequireAuthorization(Policies.Read)
            .WithName("mlflowGetExperiment").Returns<MlflowExperimentResponse>();
        experiments.MapGet("/get-by-name", async (string? experiment_name, ExperimentService svc, CancellationToken ct) =>
            (await svc.GetByNameAsync(experiment_name, ct)).To(e => new { experiment = MlflowJson.ToJson(e) })).RequireAuthorization(Policies.Read)
            .WithName("mlflowGetExperimentByName").Returns<MlflowExperimentResponse>();
        experiments.MapPost("/search", SearchPostAsync).RequireAuthorization(Policies.Read)
            .WithName("mlflowSearchExperiments").Returns<MlflowExperimentsPage>().AcceptsMlflowJson<SearchExperimentsRequest>();
        experiments.MapGet("/search", (HttpContext http, ExperimentService svc, CancellationToken ct) => SearchAsync(new SearchExperimentsRequest(
            long.TryParse(http.Request.Query["max_results"], out var max) ? max : null, http.Request.Query["page_token"], http.Request.Query["filter"],
            http.Request.Query["order_by"].Where(s => s is not null).Select(s => s!).ToList(), http.Request.Query["view_type"]), svc, ct)).RequireAuthorization(Policies.Read)
            .WithName("mlflowSearchExperimentsByQuery").Returns<MlflowExperimentsPage>();
        experiments.MapPost("/update", UpdateAsync).RequireAuthorization(Policies.Write)
            .WithName("mlflowUpdateExperiment").Returns<Registry.MlflowEmptyResponse>().AcceptsMlflowJson<UpdateExperimentRequest>();
        experiments.MapPost("/delete", (HttpContext http, ExperimentService svc, CancellationToken ct) => LifecycleAsync(http, svc, restore: false, ct)).RequireAuthorization(Policies.Write)
            .WithName("mlflowDeleteExperiment").Returns<Registry.MlflowEmptyResponse>().AcceptsMlflowJson<ExperimentIdRequest>();
        experiments.MapPost("/restore", (HttpContext http, ExperimentService svc, CancellationToken ct) => LifecycleAsync(http, svc, restore: true, ct)).RequireAuthorization(Policies.Write)
            .WithName("mlflowRestoreExperiment").Returns<Registry.MlflowEmptyResponse>().AcceptsMlflowJson<ExperimentIdRequest>();
        experiments.MapPost("/set-experiment-tag", SetTagAsync).RequireAuthorization(Policies.Write)
            .WithName("mlflowSetExperimentTag").Returns<Registry.MlflowEmptyResponse>().AcceptsMlflowJson<SetExperimentTagRequest>();
        group.MapMlflowRunEndpoints();

        // An MLflow route the portal lacks answers in MLflow's error shape (404 ENDPOINT_NOT_FOUND, which MLflow's client maps
        // to 404), so the client raises a MlflowException naming the route instead of INTERNAL_ERROR over a 405 problem.
        app.MapFallback(Prefix + "/{**path}", EndpointNotFound).ExcludeFromDescription();
        app.MapFallback(MlflowArtifactEndpoints.ProxyPrefix + "/{**path}", EndpointNotFound).ExcludeFromDescription();
    }

    private static async Task<IResult> CreateAsync(HttpContext http, ExperimentService svc, CancellationToken ct)
    {
        var body = await MlflowJson.ReadAsync<CreateExperimentRequest>(http.Request, ct);
        if (!body.IsSuccess)
        {
            return MlflowJson.Fail(body.Error);
        }

        var b = body.Value;
        if (string.IsNullOrEmpty(b.Name))
        {
            return MlflowJson.Fail(Domain.Common.Error.Invalid("Missing value for required parameter 'name'. See the API docs for more information about request parameters."));
        }

        return (await svc.CreateAsync(CurrentActor.From(http.User), b.Name, b.ArtifactLocation, MlflowJson.FromJson(b.Tags), null, ct))
            .To(e => new { experiment_id = e.ExperimentId });
    }

    private static async Task<IResult> SetTagAsync(HttpContext http, ExperimentService svc, CancellationToken ct)
    {
        var body = await MlflowJson.ReadAsync<SetExperimentTagRequest>(http.Request, ct);
        return body.IsSuccess
            ? (await svc.SetTagAsync(CurrentActor.From(http.User), body.Value.ExperimentId, body.Value.Key, body.Value.Value, ct)).To(_ => new { })
            : MlflowJson.Fail(body.Error);
    }

    private static IResult EndpointNotFound(HttpContext http) => MlflowErrors.Json(
        StatusCodes.Status404NotFound, "ENDPOINT_NOT_FOUND", $"The portal does not implement MLflow's {http.Request.Method} {http.Request.Path}.");

    private static async Task<IResult> SearchPostAsync(HttpContext http, ExperimentService svc, CancellationToken ct)
    {
        var body = http.Request.ContentLength == 0
            ? new SearchExperimentsRequest(null, null, null, null, null)
            : await MlflowJson.ReadAsync<SearchExperimentsRequest>(http.Request, ct);
        return body.IsSuccess ? await SearchAsync(body.Value, svc, ct) : MlflowJson.Fail(body.Error);
    }

    private static async Task<IResult> SearchAsync(SearchExperimentsRequest b, ExperimentService svc, CancellationToken ct)
    {
        if (TrackingLimits.ValidateMaxResults(b.MaxResults, TrackingLimits.SearchExperimentsMax) is { } bad)
        {
            return MlflowJson.Fail(bad);
        }

        var byName = b.OrderBy?.Any(o => o.StartsWith("name", StringComparison.OrdinalIgnoreCase) || o.StartsWith("attribute.name", StringComparison.OrdinalIgnoreCase)) == true;
        var result = await svc.SearchAsync(b.Filter, null, MlflowJson.View(b.ViewType), (int)(b.MaxResults ?? TrackingLimits.SearchExperimentsDefault), b.PageToken, byName, false, ct);
        return result.To(p => new { experiments = p.Experiments.Select(MlflowJson.ToJson).ToList(), next_page_token = p.NextPageToken });
    }

    private static async Task<IResult> UpdateAsync(HttpContext http, ExperimentService svc, CancellationToken ct)
    {
        var body = await MlflowJson.ReadAsync<UpdateExperimentRequest>(http.Request, ct);
        return body.IsSuccess
            ? (await svc.RenameAsync(CurrentActor.From(http.User), body.Value.ExperimentId, body.Value.NewName, ct)).To(_ => new { })
            : MlflowJson.Fail(body.Error);
    }

    private static async Task<IResult> LifecycleAsync(HttpContext http, ExperimentService svc, bool restore, CancellationToken ct)
    {
        var body = await MlflowJson.ReadAsync<ExperimentIdRequest>(http.Request, ct);
        if (!body.IsSuccess)
        {
            return MlflowJson.Fail(body.Error);
        }

        var actor = CurrentActor.From(http.User);
        var result = restore ? await svc.RestoreAsync(actor, body.Value.ExperimentId, ct) : await svc.DeleteAsync(actor, body.Value.ExperimentId, ct);
        return result.To(_ => new { });
    }
}
