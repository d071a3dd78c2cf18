using Microsoft.EntityFrameworkCore;
using MlOpsPortal.Application.Artifacts;
using MlOpsPortal.Application.Datasets;
using MlOpsPortal.Application.Fairness;
using MlOpsPortal.Domain.Common;
using MlOpsPortal.Engines.Packaging;
using MlOpsPortal.Infrastructure.Inference;
using MlOpsPortal.Infrastructure.Persistence;
using MlOpsPortal.Infrastructure.Registry;

namespace MlOpsPortal.Infrastructure.Fairness;

/// <summary>
/// Reads a report's data: the dataset version's needed columns and, in mode (a) — a registered model version without a
/// prediction or score column — the model's positive-class probabilities computed through ONNX Runtime from its package.
/// </summary>
internal sealed class FairnessDataLoader(
    IDbContextFactory<PortalDbContext> dbFactory, IDatasetCatalog catalog, IArtifactStore artifacts, ModelScorer scorer)
{
    /// <summary>Name of the synthetic score column holding the model's probabilities in mode (a).</summary>
    public const string ModelScoreColumn = "(model score)";

    public async Task<Result<(DatasetVersionDetail Version, BuiltFairnessInput Input)>> LoadAsync(FairnessReportRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var scoreWithModel = request.Model is not null && string.IsNullOrWhiteSpace(request.Prediction) && string.IsNullOrWhiteSpace(request.Score);
        ModelPackage? package = null;
        string? onnxSha = null;
        if (scoreWithModel)
        {
            var loaded = await LoadPackageAsync(request.Model!, cancellationToken);
            if (!loaded.IsSuccess)
            {
                return loaded.Error;
            }

            package = loaded.Value.Package;
            onnxSha = loaded.Value.Version.OnnxSha256!;
        }

        var version = await catalog.GetVersionAsync(request.Dataset!.Name, request.Dataset.Version, cancellationToken);
        if (!version.IsSuccess)
        {
            return Error.Invalid(version.Error.Message);
        }

        if (FairnessInputBuilder.ValidateSchema(request, version.Value.Columns) is { } schemaError)
        {
            return schemaError;
        }

        var columns = new HashSet<string>(FairnessInputBuilder.Columns(request), StringComparer.Ordinal);
        var inputs = package?.Signature.Inputs.Select(i => i.Name).ToList() ?? [];
        var absent = inputs.Where(i => version.Value.Columns.All(c => c.Name != i)).ToList();
        if (absent.Count > 0)
        {
            return Error.Invalid($"The dataset lacks the model's input column(s) {string.Join(", ", absent.Select(a => $"'{a}'"))}.");
        }

        columns.UnionWith(inputs);
        var table = await ReadAsync(version.Value, columns, cancellationToken);
        if (!table.IsSuccess)
        {
            return table.Error;
        }

        var data = table.Value;
        if (package is not null)
        {
            var scored = Score(package, onnxSha!, request.Model!, data, request.PositiveLabel!);
            if (!scored.IsSuccess)
            {
                return scored.Error;
            }

            data = new DatasetTable(data.RowCount, [.. data.Columns, new DatasetColumn(ModelScoreColumn, ColumnType.Numeric, scored.Value, null)]);
            request = request with { Score = ModelScoreColumn };
        }

        var built = FairnessInputBuilder.Build(request, data);
        return built.IsSuccess ? (version.Value, built.Value) : built.Error;
    }

    private async Task<Result<(ModelVersion Version, ModelPackage Package)>> LoadPackageAsync(ModelVersionRef model, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var version = await (from m in db.Set<RegisteredModel>().AsNoTracking()
                             join v in db.Set<ModelVersion>().AsNoTracking() on m.Id equals v.ModelId
                             where m.Name == model.Name && v.Version == model.Version
                             select v).FirstOrDefaultAsync(cancellationToken);
        if (version is null)
        {
            return Error.Invalid($"Registered model '{model.Name}' has no version {model.Version}.");
        }

        if (version.Format != "package" || version.ArtifactSha256 is null || version.OnnxSha256 is null)
        {
            return Error.Invalid($"Version {model.Version} of '{model.Name}' is a plain {version.Format} artifact; only model packages (with a signature) can be scored. Give the version's prediction or score column instead.");
        }

        var opened = await artifacts.OpenReadAsync(version.ArtifactSha256, cancellationToken);
        if (!opened.IsSuccess)
        {
            return opened.Error;
        }

        await using var stream = opened.Value;
        return (version, await ModelPackageStore.ReadZipAsync(stream, cancellationToken));
    }

    private async Task<Result<DatasetTable>> ReadAsync(DatasetVersionDetail version, IReadOnlyCollection<string> columns, CancellationToken cancellationToken)
    {
        var file = await catalog.OpenFileAsync(version.Name, version.Version, cancellationToken);
        if (!file.IsSuccess)
        {
            return file.Error;
        }

        await using var content = file.Value.Content;
        return await DatasetTableReader.ReadAsync(content, new DatasetSchema(version.Format, version.Columns), columns, cancellationToken);
    }

    private Result<double[]> Score(ModelPackage package, string onnxSha, ModelVersionRef model, DatasetTable data, string positive)
    {
        var inputs = package.Signature.Inputs.Select(i => data.Find(i.Name)!).ToArray();
        var rows = new object?[data.RowCount][];
        for (var r = 0; r < rows.Length; r++)
        {
            var row = new object?[inputs.Length];
            for (var k = 0; k < inputs.Length; k++)
            {
                row[k] = inputs[k].Numbers is { } numbers ? (double.IsNaN(numbers[r]) ? null : numbers[r]) : inputs[k].Values![r];
            }

            rows[r] = row;
        }

        var result = scorer.Score(package, onnxSha, new ScoringTable(inputs.Select(i => i.Name).ToList(), rows), refuseUnseenCategories: false);
        if (!result.IsSuccess)
        {
            return result.Error;
        }

        var predictions = result.Value.Predictions;
        if (predictions.Count == 0 || predictions[0].Probabilities is not { } first)
        {
            return Error.Invalid($"Version {model.Version} of '{model.Name}' does not output class probabilities.");
        }

        if (!first.ContainsKey(positive))
        {
            return Error.Invalid($"The model's classes are {string.Join(", ", first.Keys.Select(k => $"'{k}'"))}; the positive label '{positive}' is not one of them.");
        }

        return predictions.Select(p => p.Probabilities![positive]).ToArray();
    }
}
