using System.Globalization;
using MlOpsPortal.Domain.Common;
using MlOpsPortal.Infrastructure.Registry;
using MlOpsPortal.Web.Auth;
using static MlOpsPortal.Web.Api.Registry.MlflowRegistryJson;

namespace MlOpsPortal.Web.Api.Registry;

/// <summary>MLflow model registry REST compatibility under /api/2.0/mlflow/ (registered models, versions, aliases).</summary>
public static class MlflowRegistryEndpoints
{
    private static readonly string[] ModelFilterKeys = ["name"];
    private static readonly string[] VersionFilterKeys = ["name", "run_id"];

    public static void MapMlflowRegistryEndpoints(this IEndpointRouteBuilder app)
    {
        var g = app.MapGroup("/api/2.0/mlflow").WithTags("MLflow registry").DisableAntiforgery().WithMlflowErrors();
        var rm = g.MapGroup("/registered-models");
        rm.MapPost("/create", async (HttpContext http, RegistryService svc, CancellationToken ct) =>
        {
            var body = await BodyAsync(http.Request, ct);
            var created = await svc.CreateModelAsync(RegistryApi.Caller(http.User), new CreateModel(Field(body, http.Request, "name") ?? string.Empty, Field(body, http.Request, "description"), null, Tags(body)), ct);
            return created.ToMlflow(m => new { registered_model = Model(m) });
        }).RequireAuthorization(Policies.Write)
            .WithName("mlflowCreateRegisteredModel").Returns<MlflowRegisteredModelResponse>();
        rm.MapGet("/get", async (string? name, RegistryService svc, CancellationToken ct) =>
            (await svc.GetModelAsync(name ?? string.Empty, ct)).ToMlflow(m => new { registered_model = Model(m) })).RequireAuthorization(Policies.Read)
            .WithName("mlflowGetRegisteredModel").Returns<MlflowRegisteredModelResponse>();
        rm.MapGet("/search", SearchModelsAsync).RequireAuthorization(Policies.Read)
            .WithName("mlflowSearchRegisteredModels").Returns<MlflowRegisteredModelsPage>();
        rm.MapPatch("/update", async (HttpContext http, RegistryService svc, CancellationToken ct) =>
        {
            var body = await BodyAsync(http.Request, ct);
            return (await svc.UpdateModelAsync(RegistryApi.Caller(http.User), Field(body, http.Request, "name") ?? string.Empty, Field(body, http.Request, "description"), null, ct))
                .ToMlflow(m => new { registered_model = Model(m) });
        }).RequireAuthorization(Policies.Write)
            .WithName("mlflowUpdateRegisteredModel").Returns<MlflowRegisteredModelResponse>();
        rm.MapPost("/rename", async (HttpContext http, RegistryService svc, CancellationToken ct) =>
        {
            var body = await BodyAsync(http.Request, ct);
            return (await svc.RenameModelAsync(RegistryApi.Caller(http.User), Field(body, http.Request, "name") ?? string.Empty, Field(body, http.Request, "new_name") ?? string.Empty, ct))
                .ToMlflow(m => new { registered_model = Model(m) });
        }).RequireAuthorization(Policies.Write)
            .WithName("mlflowRenameRegisteredModel").Returns<MlflowRegisteredModelResponse>();
        rm.MapDelete("/delete", async (HttpContext http, RegistryService svc, CancellationToken ct) =>
        {
            var body = await BodyAsync(http.Request, ct);
            return (await svc.DeleteModelAsync(RegistryApi.Caller(http.User), Field(body, http.Request, "name") ?? string.Empty, ct)).ToMlflow(_ => new { });
        }).RequireAuthorization(Policies.Write)
            .WithName("mlflowDeleteRegisteredModel").Returns<MlflowEmptyResponse>();
        rm.MapPost("/set-tag", async (HttpContext http, RegistryService svc, CancellationToken ct) =>
        {
            var body = await BodyAsync(http.Request, ct);
            return (await svc.SetModelTagAsync(RegistryApi.Caller(http.User), Field(body, http.Request, "name") ?? string.Empty, Field(body, http.Request, "key") ?? string.Empty,
                Field(body, http.Request, "value") ?? string.Empty, ct)).ToMlflow(_ => new { });
        }).RequireAuthorization(Policies.Write)
            .WithName("mlflowSetRegisteredModelTag").Returns<MlflowEmptyResponse>();
        rm.MapDelete("/delete-tag", async (HttpContext http, RegistryService svc, CancellationToken ct) =>
        {
            var body = await BodyAsync(http.Request, ct);
            return (await svc.DeleteModelTagAsync(RegistryApi.Caller(http.User), Field(body, http.Request, "name") ?? string.Empty, Field(body, http.Request, "key") ?? string.Empty, ct))
                .ToMlflow(_ => new { });
        }).RequireAuthorization(Policies.Write)
            .WithName("mlflowDeleteRegisteredModelTag").Returns<MlflowEmptyResponse>();
        rm.MapPost("/alias", async (HttpContext http, PromotionService svc, CancellationToken ct) =>
        {
            var body = await BodyAsync(http.Request, ct);
            if (!int.TryParse(Field(body, http.Request, "version"), NumberStyles.None, CultureInfo.InvariantCulture, out var version))
            {
                return MlflowRegistryErrors.Invalid("Parameter 'version' must be a positive integer.");
            }

            return (await svc.SetAliasAsync(RegistryApi.Caller(http.User), Field(body, http.Request, "name") ?? string.Empty, Field(body, http.Request, "alias") ?? string.Empty, version, ct))
                .ToMlflow(_ => new { });
        }).RequireAuthorization(Policies.Write)
            .WithName("mlflowSetRegisteredModelAlias").Returns<MlflowEmptyResponse>();
        rm.MapDelete("/alias", async (HttpContext http, PromotionService svc, CancellationToken ct) =>
        {
            var body = await BodyAsync(http.Request, ct);
            return (await svc.DeleteAliasAsync(RegistryApi.Caller(http.User), Field(body, http.Request, "name") ?? string.Empty, Field(body, http.Request, "alias") ?? string.Empty, ct))
                .ToMlflow(_ => new { });
        }).RequireAuthorization(Policies.Write)
            .WithName("mlflowDeleteRegisteredModelAlias").Returns<MlflowEmptyResponse>();
        rm.MapGet("/alias", async (string? name, string? alias, PromotionService promotions, RegistryService registry, CancellationToken ct) =>
        {
            var version = await promotions.ResolveAliasAsync(name ?? string.Empty, alias ?? string.Empty, ct);
            return version.IsSuccess
                ? (await registry.GetVersionAsync(name!, version.Value, ct)).ToMlflow(v => new { model_version = Version(v) })
                : MlflowRegistryErrors.From(version.Error);
        }).RequireAuthorization(Policies.Read)
            .WithName("mlflowGetModelVersionByAlias").Returns<MlflowModelVersionResponse>();

        var mv = g.MapGroup("/model-versions");
        mv.MapPost("/create", async (HttpContext http, RegistryService svc, CancellationToken ct) =>
        {
            var body = await BodyAsync(http.Request, ct);
            var lineage = new VersionLineage(Field(body, http.Request, "run_id") is { Length: > 0 } run ? run : null, Tags: Tags(body), Description: Field(body, http.Request, "description"));
            if (lineage.RunId is { } runId && await svc.HasModelPackageAsync(runId, ct))
            {
                // A run of a portal training job: register its model package (validated, downloadable, servable).
                return (await svc.CreateVersionFromRunAsync(RegistryApi.Caller(http.User), Field(body, http.Request, "name") ?? string.Empty, runId, ct))
                    .ToMlflow(v => new { model_version = Version(v) });
            }

            return (await svc.CreateExternalVersionAsync(RegistryApi.Caller(http.User), Field(body, http.Request, "name") ?? string.Empty, Field(body, http.Request, "source"), lineage, ct))
                .ToMlflow(v => new { model_version = Version(v) });
        }).RequireAuthorization(Policies.Write)
            .WithName("mlflowCreateModelVersion").Returns<MlflowModelVersionResponse>();
        mv.MapGet("/get", (string? name, string? version, RegistryService svc, CancellationToken ct) =>
            WithVersion(version, v => svc.GetVersionAsync(name ?? string.Empty, v, ct), r => new { model_version = Version(r) })).RequireAuthorization(Policies.Read)
            .WithName("mlflowGetModelVersion").Returns<MlflowModelVersionResponse>();
        mv.MapGet("/search", SearchVersionsAsync).RequireAuthorization(Policies.Read)
            .WithName("mlflowSearchModelVersions").Returns<MlflowModelVersionsPage>();
        mv.MapPatch("/update", async (HttpContext http, RegistryService svc, CancellationToken ct) =>
        {
            var body = await BodyAsync(http.Request, ct);
            return await WithVersion(Field(body, http.Request, "version"), v => svc.UpdateVersionAsync(RegistryApi.Caller(http.User), Field(body, http.Request, "name") ?? string.Empty, v,
                Field(body, http.Request, "description"), ct), r => new { model_version = Version(r) });
        }).RequireAuthorization(Policies.Write)
            .WithName("mlflowUpdateModelVersion").Returns<MlflowModelVersionResponse>();
        mv.MapDelete("/delete", async (HttpContext http, RegistryService svc, CancellationToken ct) =>
        {
            var body = await BodyAsync(http.Request, ct);
            return await WithVersion(Field(body, http.Request, "version"), v => svc.DeleteVersionAsync(RegistryApi.Caller(http.User), Field(body, http.Request, "name") ?? string.Empty, v, ct), _ => new { });
        }).RequireAuthorization(Policies.Write)
            .WithName("mlflowDeleteModelVersion").Returns<MlflowEmptyResponse>();
        mv.MapPost("/set-tag", async (HttpContext http, RegistryService svc, CancellationToken ct) =>
        {
            var body = await BodyAsync(http.Request, ct);
            return await WithVersion(Field(body, http.Request, "version"), v => svc.SetVersionTagAsync(RegistryApi.Caller(http.User), Field(body, http.Request, "name") ?? string.Empty, v,
                Field(body, http.Request, "key") ?? string.Empty, Field(body, http.Request, "value") ?? string.Empty, ct), _ => new { });
        }).RequireAuthorization(Policies.Write)
            .WithName("mlflowSetModelVersionTag").Returns<MlflowEmptyResponse>();
        mv.MapDelete("/delete-tag", async (HttpContext http, RegistryService svc, CancellationToken ct) =>
        {
            var body = await BodyAsync(http.Request, ct);
            return await WithVersion(Field(body, http.Request, "version"), v => svc.DeleteVersionTagAsync(RegistryApi.Caller(http.User), Field(body, http.Request, "name") ?? string.Empty, v,
                Field(body, http.Request, "key") ?? string.Empty, ct), _ => new { });
        }).RequireAuthorization(Policies.Write)
            .WithName("mlflowDeleteModelVersionTag").Returns<MlflowEmptyResponse>();
        mv.MapGet("/get-download-uri", (string? name, string? version, HttpContext http, RegistryService svc, CancellationToken ct) =>
            WithVersion(version, v => svc.GetVersionAsync(name ?? string.Empty, v, ct), r => new
            {
                artifact_uri = r.ArtifactSha256 is null
                    ? r.Source ?? string.Empty
                    : $"{http.Request.Scheme}://{http.Request.Host}/api/v1/models/{Uri.EscapeDataString(r.Model)}/versions/{r.Version}/download",
            })).RequireAuthorization(Policies.Read)
            .WithName("mlflowGetModelVersionDownloadUri").Returns<MlflowDownloadUriResponse>();
    }

    private static async Task<IResult> SearchModelsAsync(string? filter, int? max_results, string? page_token, RegistryService svc, CancellationToken ct)
    {
        if (!TryParseFilter(filter, ModelFilterKeys, out var clauses, out var error))
        {
            return MlflowRegistryErrors.Invalid(error);
        }

        var (take, skip) = (Math.Clamp(max_results ?? 100, 1, 1000), Offset(page_token));
        if (skip < 0)
        {
            return MlflowRegistryErrors.Invalid("Invalid page_token.");
        }

        var exact = clauses.Where(c => c.Op == "=").Select(c => c.Value).FirstOrDefault();
        var like = clauses.FirstOrDefault(c => c.Op != "=");
        var names = await svc.SearchModelNamesAsync(exact, like.Value, like.Op == "ILIKE", skip, take + 1, ct);
        var models = new List<object>();
        foreach (var name in names.Take(take))
        {
            if ((await svc.GetModelAsync(name, ct)) is { IsSuccess: true } m)
            {
                models.Add(Model(m.Value));
            }
        }

        return Results.Json(new { registered_models = models, next_page_token = names.Count > take ? Token(skip + take) : null });
    }

    private static async Task<IResult> SearchVersionsAsync(string? filter, int? max_results, string? page_token, RegistryService svc, CancellationToken ct)
    {
        if (!TryParseFilter(filter, VersionFilterKeys, out var clauses, out var error) || clauses.Any(c => c.Op != "="))
        {
            return MlflowRegistryErrors.Invalid(error.Length > 0 ? error : "model-versions/search supports only '=' comparisons on name and run_id.");
        }

        var (take, skip) = (Math.Clamp(max_results ?? 1000, 1, 1000), Offset(page_token));
        if (skip < 0)
        {
            return MlflowRegistryErrors.Invalid("Invalid page_token.");
        }

        var name = clauses.Where(c => c.Key == "name").Select(c => c.Value).FirstOrDefault();
        var runId = clauses.Where(c => c.Key == "run_id").Select(c => c.Value).FirstOrDefault();
        var versions = await svc.SearchVersionsAsync(name, runId, skip, take + 1, ct);
        return Results.Json(new { model_versions = versions.Take(take).Select(Version).ToList(), next_page_token = versions.Count > take ? Token(skip + take) : null });
    }

    private static async Task<IResult> WithVersion<T>(string? version, Func<int, Task<Result<T>>> action, Func<T, object> ok) =>
        int.TryParse(version, NumberStyles.None, CultureInfo.InvariantCulture, out var v)
            ? (await action(v)).ToMlflow(ok)
            : MlflowRegistryErrors.Invalid("Parameter 'version' must be a positive integer.");
}
