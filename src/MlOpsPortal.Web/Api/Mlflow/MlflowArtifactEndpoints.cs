using System.Globalization;
using MlOpsPortal.Domain.Common;
using MlOpsPortal.Infrastructure.Tracking.Artifacts;
using MlOpsPortal.Web.Auth;

namespace MlOpsPortal.Web.Api.Mlflow;

/// <summary>MLflow's file entry: directories carry no size.</summary>
public sealed record MlflowFileInfo(string Path, bool IsDir, long? FileSize);

/// <summary>
/// MLflow's artifact APIs: <c>GET /api/2.0/mlflow/artifacts/list</c> and the artifact proxy under
/// <c>/api/2.0/mlflow-artifacts/artifacts</c> that MLflow's client uses for <c>mlflow-artifacts:/</c> URIs
/// (a run's artifact_uri is <c>mlflow-artifacts:/{experiment_id}/{run_id}/artifacts</c>).
/// </summary>
public static class MlflowArtifactEndpoints
{
    public const string ProxyPrefix = "/api/2.0/mlflow-artifacts";

    public static void MapMlflowArtifactEndpoints(this IEndpointRouteBuilder app)
    {
        var mlflow = app.MapGroup(MlflowExperimentEndpoints.Prefix).WithTags("MLflow").WithMlflowErrors();
        mlflow.MapGet("/artifacts/list", ListAsync).RequireAuthorization(Policies.Read)
            .WithName("mlflowListArtifacts").Returns<MlflowArtifactList>();

        var proxy = app.MapGroup(ProxyPrefix + "/artifacts").WithTags("MLflow").WithMlflowErrors();
        proxy.MapGet("/", ProxyListAsync).RequireAuthorization(Policies.Read)
            .WithName("mlflowProxyListArtifacts").Returns<MlflowArtifactFiles>();
        proxy.MapGet("/{**path}", ProxyDownloadAsync).RequireAuthorization(Policies.Read)
            .WithName("mlflowProxyDownloadArtifact").ReturnsFile("application/octet-stream");
        proxy.MapPut("/{**path}", ProxyUploadAsync).RequireAuthorization(Policies.Write)
            .WithName("mlflowProxyUploadArtifact").Returns<Registry.MlflowEmptyResponse>().Accepts<Stream>("application/octet-stream", "*/*");
    }

    /// <summary>One level of a run's artifacts; <c>path</c> of each file is relative to the run's root, as MLflow's server does.</summary>
    private static async Task<IResult> ListAsync(string? run_id, string? run_uuid, string? path, RunArtifactService svc, CancellationToken ct)
    {
        var listing = await svc.ListAsync(run_id ?? run_uuid, path, recursive: false, ct);
        return listing.To(l => new { root_uri = l.RootUri, files = Files(l, basename: false) });
    }

    private static async Task<IResult> ProxyListAsync(string? path, RunArtifactService svc, CancellationToken ct)
    {
        var target = ProxyPath.Parse(path, allowRunRoot: true);
        if (!target.IsSuccess)
        {
            return MlflowJson.Fail(target.Error);
        }

        var listing = await svc.ListAsync(target.Value.RunId, target.Value.Relative, recursive: false, ct);
        if (!listing.IsSuccess)
        {
            return MlflowJson.Fail(listing.Error);
        }

        return listing.Value.ExperimentId != target.Value.ExperimentId
            ? MlflowJson.Fail(NoSuchRun(target.Value))
            : MlflowJson.Ok(new { files = Files(listing.Value, basename: true) });
    }

    private static async Task<IResult> ProxyDownloadAsync(string path, HttpContext http, RunArtifactService svc, CancellationToken ct)
    {
        var target = ProxyPath.Parse(path, allowRunRoot: false);
        if (!target.IsSuccess)
        {
            return MlflowJson.Fail(target.Error);
        }

        if (await ExperimentMismatchAsync(svc, target.Value, ct) is { } mismatch)
        {
            return MlflowJson.Fail(mismatch);
        }

        return RunArtifactEndpoints.Download(http, await svc.OpenAsync(target.Value.RunId, target.Value.Relative, ct), MlflowJson.Fail);
    }

    private static async Task<IResult> ProxyUploadAsync(string path, HttpContext http, RunArtifactService svc, IConfiguration config, CancellationToken ct)
    {
        var target = ProxyPath.Parse(path, allowRunRoot: false);
        if (!target.IsSuccess)
        {
            return MlflowJson.Fail(target.Error);
        }

        if (await ExperimentMismatchAsync(svc, target.Value, ct) is { } mismatch)
        {
            return MlflowJson.Fail(mismatch);
        }

        var uploaded = await RunArtifactEndpoints.UploadAsync(http, target.Value.RunId, target.Value.Relative, svc, config, ct);
        return uploaded.IsSuccess ? MlflowJson.Empty() : MlflowJson.Fail(uploaded.Error);
    }

    private static async Task<Error?> ExperimentMismatchAsync(RunArtifactService svc, ProxyPath target, CancellationToken ct)
    {
        var experiment = await svc.ExperimentOfAsync(target.RunId, ct);
        if (!experiment.IsSuccess)
        {
            return experiment.Error;
        }

        return experiment.Value == target.ExperimentId ? null : NoSuchRun(target);
    }

    private static Error NoSuchRun(ProxyPath target) =>
        Error.NotFound($"Run {target.RunId} does not belong to experiment {target.ExperimentId}; its artifacts live under another path.");

    private static List<MlflowFileInfo>? Files(RunArtifactListing listing, bool basename)
    {
        var files = listing.Files
            .Select(f => new MlflowFileInfo(basename ? Domain.Tracking.ArtifactPath.Name(f.Path) : f.Path, f.IsDir, f.IsDir ? null : f.SizeBytes))
            .ToList();
        // MLflow's JSON omits an empty repeated field: an empty directory is {} (or just root_uri).
        return files.Count == 0 ? null : files;
    }

    /// <summary>A proxy path: <c>{experiment_id}/{run_id}/artifacts[/relative/path]</c>.</summary>
    private sealed record ProxyPath(string ExperimentId, string RunId, string Relative)
    {
        public static Result<ProxyPath> Parse(string? path, bool allowRunRoot)
        {
            var parts = (path ?? string.Empty).Split('/', 4);
            if (parts.Length < 3 || parts[2] != "artifacts" || !long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out _))
            {
                return Error.Invalid($"Artifact path '{path}' is not of the form '<experiment_id>/<run_id>/artifacts/<path>' (see the run's artifact_uri).");
            }

            var relative = parts.Length == 4 ? parts[3] : string.Empty;
            if (!allowRunRoot && relative.Length == 0)
            {
                return Error.Invalid($"Artifact path '{path}' names the run's artifact root, not a file.");
            }

            return new ProxyPath(parts[0], parts[1], relative);
        }
    }
}
