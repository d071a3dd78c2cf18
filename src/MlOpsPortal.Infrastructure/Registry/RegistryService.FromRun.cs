using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using MlOpsPortal.Domain.Common;

namespace MlOpsPortal.Infrastructure.Registry;

public sealed partial class RegistryService
{
    /// <summary>
    /// Registers the model package a portal training run produced as a new version: the package comes from the artifact
    /// store, and the lineage (run, train/test dataset versions, params, final metrics) from the training record.
    /// </summary>
    public async Task<Result<VersionInfo>> CreateVersionFromRunAsync(RegistryCaller caller, string name, string runId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        runId = runId?.Trim() ?? string.Empty;
        if (runId.Length == 0)
        {
            return Error.Invalid("'runId' is required: the run of a finished training job.");
        }

        Training.TrainedModelRow? trained;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            trained = await db.TrainedModels.AsNoTracking().FirstOrDefaultAsync(t => t.RunId == runId, cancellationToken);
        }

        if (trained is null)
        {
            return Error.NotFound($"Run {runId} has no model package: register the run of a finished training job (or upload an ONNX file).");
        }

        var opened = await artifacts.OpenReadAsync(trained.PackageSha256, cancellationToken);
        if (!opened.IsSuccess)
        {
            return opened.Error;
        }

        byte[] package;
        await using (var stream = opened.Value)
        {
            using var buffer = new MemoryStream();
            await stream.CopyToAsync(buffer, cancellationToken);
            package = buffer.ToArray();
        }

        var datasets = new[] { trained.TrainDataset, trained.TestDataset }
            .Where(d => !string.IsNullOrWhiteSpace(d))
            .Select(d => Split(d!))
            .ToList();
        var lineage = new VersionLineage(
            trained.RunId,
            datasets,
            JsonSerializer.Deserialize<Dictionary<string, string>>(trained.Params),
            FiniteMetrics(trained.Metrics),
            new Dictionary<string, string> { ["training_job"] = trained.JobId.ToString(), ["experiment"] = trained.Experiment },
            null);
        return await CreateVersionAsync(caller, name, new UploadedModel($"run-{trained.RunId}.zip", package, IsPackage: true), lineage, cancellationToken);
    }

    /// <summary>Whether a portal training job produced a model package for the run.</summary>
    public async Task<bool> HasModelPackageAsync(string runId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.TrainedModels.AnyAsync(t => t.RunId == runId, cancellationToken);
    }

    private static LineageDatasetRef Split(string text)
    {
        var at = text.LastIndexOf('@');
        return at > 0 ? new LineageDatasetRef(text[..at], text[(at + 1)..].TrimStart('v')) : new LineageDatasetRef(text, string.Empty);
    }

    private static Dictionary<string, double> FiniteMetrics(string json)
    {
        var metrics = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(json) ?? [];
        return metrics.Where(m => m.Value.ValueKind == JsonValueKind.Number && double.IsFinite(m.Value.GetDouble()))
            .ToDictionary(m => m.Key, m => m.Value.GetDouble(), StringComparer.Ordinal);
    }
}
