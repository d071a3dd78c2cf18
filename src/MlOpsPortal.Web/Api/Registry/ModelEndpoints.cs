using System.Text.Json;
using MlOpsPortal.Domain.Common;
using MlOpsPortal.Domain.Registry;
using MlOpsPortal.Infrastructure.Registry;
using MlOpsPortal.Web.Auth;

namespace MlOpsPortal.Web.Api.Registry;

public sealed record UpdateModelRequest(string? Description, string? Owner);

public sealed record RenameRequest(string NewName);

public sealed record TagValue(string Value);

public sealed record MetricsRequest(Dictionary<string, double> Metrics);

public sealed record CardRequest(Dictionary<string, string> Sections);

public sealed record CardStatusRequest(ModelCardStatus Status);

public sealed record FromRunRequest(string? RunId);

/// <summary>/api/v1/models: registered models, versions (upload), metrics, tags, download and model cards.</summary>
public static class ModelEndpoints
{
    public static void MapModelEndpoints(this IEndpointRouteBuilder app)
    {
        var g = app.MapGroup("/api/v1/models").WithTags("Registry").WithPortalProblems();
        g.MapGet("/", async (string? q, int? skip, int? take, RegistryService svc, CancellationToken ct) =>
            TypedResults.Ok(await svc.ListModelsAsync(q, skip ?? 0, take ?? 100, ct))).RequireAuthorization(Policies.Read).WithName("listModels");
        g.MapPost("/", async (CreateModel body, HttpContext http, RegistryService svc, CancellationToken ct) =>
            (await svc.CreateModelAsync(RegistryApi.Caller(http.User), body, ct)).ToHttp(m => TypedResults.Created($"/api/v1/models/{Uri.EscapeDataString(m.Name)}", m)))
            .RequireAuthorization(Policies.Write).WithName("createModel").Returns<ModelDetail>(StatusCodes.Status201Created).Problems(StatusCodes.Status409Conflict);
        g.MapGet("/{name}", async (string name, RegistryService svc, CancellationToken ct) => (await svc.GetModelAsync(name, ct)).ToHttp()).RequireAuthorization(Policies.Read)
            .WithName("getModel").Returns<ModelDetail>().Problems(StatusCodes.Status404NotFound);
        g.MapPatch("/{name}", async (string name, UpdateModelRequest body, HttpContext http, RegistryService svc, CancellationToken ct) =>
            (await svc.UpdateModelAsync(RegistryApi.Caller(http.User), name, body.Description, body.Owner, ct)).ToHttp()).RequireAuthorization(Policies.Write)
            .WithName("updateModel").Returns<ModelDetail>().Problems(StatusCodes.Status404NotFound);
        g.MapPost("/{name}/rename", async (string name, RenameRequest body, HttpContext http, RegistryService svc, CancellationToken ct) =>
            (await svc.RenameModelAsync(RegistryApi.Caller(http.User), name, body.NewName, ct)).ToHttp()).RequireAuthorization(Policies.Write)
            .WithName("renameModel").Returns<ModelDetail>().Problems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
        g.MapDelete("/{name}", async (string name, HttpContext http, RegistryService svc, CancellationToken ct) =>
            (await svc.DeleteModelAsync(RegistryApi.Caller(http.User), name, ct)).ToHttp(_ => TypedResults.NoContent())).RequireAuthorization(Policies.Write)
            .WithName("deleteModel").ReturnsNoContent().Problems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
        g.MapPut("/{name}/tags/{key}", async (string name, string key, TagValue body, HttpContext http, RegistryService svc, CancellationToken ct) =>
            (await svc.SetModelTagAsync(RegistryApi.Caller(http.User), name, key, body.Value, ct)).ToHttp()).RequireAuthorization(Policies.Write)
            .WithName("setModelTag").Returns<ModelDetail>().Problems(StatusCodes.Status404NotFound);
        g.MapDelete("/{name}/tags/{key}", async (string name, string key, HttpContext http, RegistryService svc, CancellationToken ct) =>
            (await svc.DeleteModelTagAsync(RegistryApi.Caller(http.User), name, key, ct)).ToHttp()).RequireAuthorization(Policies.Write)
            .WithName("deleteModelTag").Returns<ModelDetail>().Problems(StatusCodes.Status404NotFound);
        g.MapPut("/{name}/policy", async (string name, PromotionPolicy body, HttpContext http, RegistryService svc, CancellationToken ct) =>
            (await svc.SetPolicyAsync(RegistryApi.Caller(http.User), name, body, ct)).ToHttp()).RequireAuthorization(Policies.Write)
            .WithName("setPromotionPolicy").Returns<ModelDetail>().Problems(StatusCodes.Status404NotFound);

        g.MapGet("/{name}/versions", async (string name, string? runId, int? skip, int? take, RegistryService svc, CancellationToken ct) =>
            TypedResults.Ok(await svc.SearchVersionsAsync(name, runId, skip ?? 0, take ?? 100, ct))).RequireAuthorization(Policies.Read).WithName("listModelVersions");
        g.MapPost("/{name}/versions", UploadAsync).RequireAuthorization(Policies.Write).DisableAntiforgery()
            .WithName("uploadModelVersion").Returns<VersionInfo>(StatusCodes.Status201Created)
            .Problems(StatusCodes.Status404NotFound, StatusCodes.Status413PayloadTooLarge);
        g.MapPost("/{name}/versions/from-run", async (string name, FromRunRequest body, HttpContext http, RegistryService svc, CancellationToken ct) =>
            (await svc.CreateVersionFromRunAsync(RegistryApi.Caller(http.User), name, body.RunId ?? string.Empty, ct))
                .ToHttp(v => TypedResults.Created($"/api/v1/models/{Uri.EscapeDataString(name)}/versions/{v.Version}", v)))
            .WithSummary("Register the model package of a portal training run as a new version (lineage, params and metrics from the run).")
            .RequireAuthorization(Policies.Write).WithName("createModelVersionFromRun").Returns<VersionInfo>(StatusCodes.Status201Created).Problems(StatusCodes.Status404NotFound);
        var v = g.MapGroup("/{name}/versions/{version:int}");
        v.MapGet("/", async (string name, int version, RegistryService svc, CancellationToken ct) => (await svc.GetVersionAsync(name, version, ct)).ToHttp()).RequireAuthorization(Policies.Read)
            .WithName("getModelVersion").Returns<VersionInfo>().Problems(StatusCodes.Status404NotFound);
        v.MapPatch("/", async (string name, int version, UpdateModelRequest body, HttpContext http, RegistryService svc, CancellationToken ct) =>
            (await svc.UpdateVersionAsync(RegistryApi.Caller(http.User), name, version, body.Description, ct)).ToHttp()).RequireAuthorization(Policies.Write)
            .WithName("updateModelVersion").Returns<VersionInfo>().Problems(StatusCodes.Status404NotFound);
        v.MapDelete("/", async (string name, int version, HttpContext http, RegistryService svc, CancellationToken ct) =>
            (await svc.DeleteVersionAsync(RegistryApi.Caller(http.User), name, version, ct)).ToHttp(_ => TypedResults.NoContent())).RequireAuthorization(Policies.Write)
            .WithName("deleteModelVersion").ReturnsNoContent().Problems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
        v.MapPut("/metrics", async (string name, int version, MetricsRequest body, HttpContext http, RegistryService svc, CancellationToken ct) =>
            (await svc.SetMetricsAsync(RegistryApi.Caller(http.User), name, version, body.Metrics ?? [], ct)).ToHttp()).RequireAuthorization(Policies.Write)
            .WithName("setModelVersionMetrics").Returns<VersionInfo>().Problems(StatusCodes.Status404NotFound);
        v.MapPut("/tags/{key}", async (string name, int version, string key, TagValue body, HttpContext http, RegistryService svc, CancellationToken ct) =>
            (await svc.SetVersionTagAsync(RegistryApi.Caller(http.User), name, version, key, body.Value, ct)).ToHttp()).RequireAuthorization(Policies.Write)
            .WithName("setModelVersionTag").Returns<VersionInfo>().Problems(StatusCodes.Status404NotFound);
        v.MapDelete("/tags/{key}", async (string name, int version, string key, HttpContext http, RegistryService svc, CancellationToken ct) =>
            (await svc.DeleteVersionTagAsync(RegistryApi.Caller(http.User), name, version, key, ct)).ToHttp()).RequireAuthorization(Policies.Write)
            .WithName("deleteModelVersionTag").Returns<VersionInfo>().Problems(StatusCodes.Status404NotFound);
        v.MapGet("/download", async (string name, int version, RegistryService svc, CancellationToken ct) =>
        {
            var file = await svc.OpenDownloadAsync(name, version, ct);
            return file.IsSuccess ? Results.File(file.Value.Content, "application/octet-stream", file.Value.FileName) : Problems.From(file.Error);
        }).RequireAuthorization(Policies.Read).WithName("downloadModelVersion").ReturnsFile("application/octet-stream").Problems(StatusCodes.Status404NotFound);
        v.MapGet("/card", async (string name, int version, ModelCardService svc, CancellationToken ct) => (await svc.GetAsync(name, version, ct)).ToHttp()).RequireAuthorization(Policies.Read)
            .WithName("getModelCard").Returns<ModelCardInfo>().Problems(StatusCodes.Status404NotFound);
        v.MapGet("/card.md", async (string name, int version, ModelCardService svc, CancellationToken ct) =>
        {
            var card = await svc.GetAsync(name, version, ct);
            return card.IsSuccess
                ? Results.File(System.Text.Encoding.UTF8.GetBytes(card.Value.Markdown), "text/markdown; charset=utf-8", $"{name}-v{version}-model-card.md")
                : Problems.From(card.Error);
        }).RequireAuthorization(Policies.Read).WithName("downloadModelCardMarkdown").ReturnsFile("text/markdown").Problems(StatusCodes.Status404NotFound);
        v.MapPut("/card", async (string name, int version, CardRequest body, HttpContext http, ModelCardService svc, CancellationToken ct) =>
            (await svc.UpdateAsync(RegistryApi.Caller(http.User), name, version, body.Sections ?? [], ct)).ToHttp()).RequireAuthorization(Policies.Write)
            .WithName("updateModelCard").Returns<ModelCardInfo>().Problems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
        v.MapPost("/card/status", async (string name, int version, CardStatusRequest body, HttpContext http, ModelCardService svc, CancellationToken ct) =>
            (await svc.SetStatusAsync(RegistryApi.Caller(http.User), name, version, body.Status, ct)).ToHttp()).RequireAuthorization(RegistryApi.WriteOrReview)
            .WithName("setModelCardStatus").Returns<ModelCardInfo>().Problems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
    }

    /// <summary>
    /// multipart/form-data: <c>file</c> (.onnx, or a model package .zip), optional <c>runId</c>, <c>datasetVersions</c>
    /// (JSON array of {name, version} or "name@version" comma-separated), <c>params</c>, <c>metrics</c>, <c>tags</c> (JSON objects)
    /// and <c>description</c>. Bearer token only: a cookie-authenticated form post would be open to cross-site requests.
    /// </summary>
    private static async Task<IResult> UploadAsync(string name, HttpContext http, RegistryService svc, CancellationToken ct)
    {
        if (!RegistryApi.ViaToken(http.User))
        {
            return Problems.From(Error.Forbidden("Upload model files with an API token (Authorization: Bearer), or use the model page."));
        }

        if (!http.Request.HasFormContentType)
        {
            return Problems.From(Error.Invalid("Send multipart/form-data with a 'file' field."));
        }

        var form = await http.Request.ReadFormAsync(ct);
        var file = form.Files.GetFile("file");
        if (file is null || file.Length == 0)
        {
            return Problems.From(Error.Invalid("The 'file' field with the model (.onnx or model package .zip) is required."));
        }

        if (file.Length > svc.MaxUploadBytes)
        {
            return Problems.From(new Error(ErrorCode.PayloadTooLarge, $"The model file is larger than the {svc.MaxUploadBytes} byte limit."));
        }

        var lineage = ParseLineage(form);
        if (!lineage.IsSuccess)
        {
            return Problems.From(lineage.Error);
        }

        using var buffer = new MemoryStream();
        await file.CopyToAsync(buffer, ct);
        var isPackage = file.FileName.EndsWith(".zip", StringComparison.OrdinalIgnoreCase) || form["format"] == "package";
        var created = await svc.CreateVersionAsync(RegistryApi.Caller(http.User), name, new UploadedModel(file.FileName, buffer.ToArray(), isPackage), lineage.Value, ct);
        return created.ToHttp(v => TypedResults.Created($"/api/v1/models/{Uri.EscapeDataString(name)}/versions/{v.Version}", v));
    }

    internal static Result<VersionLineage> ParseLineage(IFormCollection form)
    {
        try
        {
            var datasets = ParseDatasets(form["datasetVersions"].ToString());
            return new VersionLineage(
                NullIfEmpty(form["runId"]),
                datasets,
                Json<Dictionary<string, string>>(form["params"]),
                Json<Dictionary<string, double>>(form["metrics"]),
                Json<Dictionary<string, string>>(form["tags"]),
                NullIfEmpty(form["description"]));
        }
        catch (JsonException ex)
        {
            return Error.Invalid("A form field is not valid JSON: " + ex.Message);
        }
    }

    internal static List<LineageDatasetRef> ParseDatasets(string text)
    {
        text = text.Trim();
        if (text.Length == 0)
        {
            return [];
        }

        if (text.StartsWith('['))
        {
            return JsonSerializer.Deserialize<List<LineageDatasetRef>>(text, JsonSerializerOptions.Web) ?? [];
        }

        return text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(s => s.Split('@', 2))
            .Select(p => new LineageDatasetRef(p[0], p.Length > 1 ? p[1] : string.Empty))
            .ToList();
    }

    private static T? Json<T>(string? text)
        where T : class => string.IsNullOrWhiteSpace(text) ? null : JsonSerializer.Deserialize<T>(text, JsonSerializerOptions.Web);

    private static string? NullIfEmpty(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}
