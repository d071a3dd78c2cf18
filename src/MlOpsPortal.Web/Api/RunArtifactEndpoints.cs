using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.StaticFiles;
using MlOpsPortal.Domain.Common;
using MlOpsPortal.Domain.Tracking;
using MlOpsPortal.Infrastructure.Tracking.Artifacts;
using MlOpsPortal.Web.Auth;

namespace MlOpsPortal.Web.Api;

/// <summary>A run's artifacts under /api/v1/runs/{id}/artifacts: upload (raw body, streamed), tree listing, download.</summary>
public static class RunArtifactEndpoints
{
    /// <summary>Configuration key of the largest accepted artifact upload in bytes (default 5 GiB).</summary>
    public const string MaxUploadBytesKey = "Artifacts:MaxUploadBytes";

    private const long DefaultMaxUploadBytes = 5L << 30;
    private static readonly FileExtensionContentTypeProvider ContentTypes = new(
        new Dictionary<string, string>(new FileExtensionContentTypeProvider().Mappings, StringComparer.OrdinalIgnoreCase)
        {
            // The IANA types, where the default table has legacy ones.
            [".zip"] = "application/zip",
            [".yaml"] = "application/yaml",
            [".yml"] = "application/yaml",
            [".md"] = "text/markdown",
            [".jsonl"] = "application/jsonl",
        });

    public static void MapRunArtifactEndpoints(this IEndpointRouteBuilder app)
    {
        var runs = app.MapGroup("/api/v1/runs/{id}/artifacts").WithTags("Run artifacts").WithPortalProblems();
        runs.MapGet("/", async (string id, string? path, bool? recursive, RunArtifactService svc, CancellationToken ct) =>
                (await svc.ListAsync(id, path, recursive ?? true, ct)).ToHttp())
            .WithSummary("A run's artifacts as a tree: every file and directory under `path` (default: the root) with size and SHA-256; `recursive=false` lists one level.")
            .RequireAuthorization(Policies.Read).WithName("listRunArtifacts").Returns<RunArtifactListing>().Problems(StatusCodes.Status404NotFound);
        runs.MapGet("/{**path}", async (string id, string path, HttpContext http, RunArtifactService svc, CancellationToken ct) =>
                Download(http, await svc.OpenAsync(id, path, ct), Problems.From))
            .WithSummary("Download one artifact (streamed; the SHA-256 is re-verified while it is sent and given in the ETag).")
            .RequireAuthorization(Policies.Read).WithName("downloadRunArtifact").ReturnsFile("application/octet-stream").Problems(StatusCodes.Status404NotFound);
        runs.MapPut("/{**path}", async (string id, string path, HttpContext http, RunArtifactService svc, IConfiguration config, CancellationToken ct) =>
                (await UploadAsync(http, id, path, svc, config, ct)).ToHttp(e => TypedResults.Created(UrlFor(id, e.Path), e)))
            .Accepts<Stream>("application/octet-stream")
            .WithSummary("Log a file to a run at a relative path (the raw request body, streamed into the content-addressed store). Logging a path again replaces it.")
            .RequireAuthorization(Policies.Write).WithName("uploadRunArtifact").Returns<RunArtifactEntry>(StatusCodes.Status201Created)
            .Problems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict, StatusCodes.Status413PayloadTooLarge);
    }

    /// <summary>Streams the request body into a run's artifacts, within the configured size limit.</summary>
    public static async Task<Result<RunArtifactEntry>> UploadAsync(HttpContext http, string? runId, string? path, RunArtifactService svc, IConfiguration config, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(svc);
        var limit = config.GetValue(MaxUploadBytesKey, DefaultMaxUploadBytes);
        if (http.Request.ContentLength > limit)
        {
            return TooLarge(limit);
        }

        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
        {
            size.MaxRequestBodySize = limit;
        }

        try
        {
            return await svc.UploadAsync(CurrentActor.From(http.User), runId, path, http.Request.Body, ct);
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return TooLarge(limit);
        }
    }

    /// <summary>Sends an opened artifact as an attachment with its content type, length and SHA-256 (ETag).</summary>
    public static IResult Download(HttpContext http, Result<RunArtifactContent> opened, Func<Error, IResult> fail)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(fail);
        if (!opened.IsSuccess)
        {
            return fail(opened.Error);
        }

        var file = opened.Value;
        http.Response.Headers.XContentTypeOptions = "nosniff";
        http.Response.Headers["X-Artifact-Sha256"] = file.Sha256;
        http.Response.ContentLength = file.SizeBytes;
        return TypedResults.Stream(file.Content, ContentTypeOf(file.Path), ArtifactPath.Name(file.Path),
            entityTag: new Microsoft.Net.Http.Headers.EntityTagHeaderValue("\"" + file.Sha256 + "\""));
    }

    /// <summary>The download URL of a run's file, each path segment percent-encoded (headers and links stay ASCII).</summary>
    public static string UrlFor(string runId, string path) =>
        $"/api/v1/runs/{runId}/artifacts/{string.Join('/', path.Split('/').Select(Uri.EscapeDataString))}";

    /// <summary>The content type for a file name (application/octet-stream when unknown).</summary>
    public static string ContentTypeOf(string path) =>
        ContentTypes.TryGetContentType(path, out var type) ? type : "application/octet-stream";

    private static Error TooLarge(long limit) =>
        new(ErrorCode.PayloadTooLarge, $"The artifact exceeds the upload limit of {limit} bytes ({MaxUploadBytesKey}).");
}
