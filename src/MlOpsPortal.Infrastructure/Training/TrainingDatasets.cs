using MlOpsPortal.Application.Artifacts;
using MlOpsPortal.Application.Datasets;
using MlOpsPortal.Domain.Common;
using MlOpsPortal.Infrastructure.Datasets;

namespace MlOpsPortal.Infrastructure.Training;

/// <summary>
/// Loads dataset versions named in a training request from the artifact store into memory: from the version's typed
/// column cache when it has one for its current schema, otherwise by parsing the CSV (and then caching a whole-version
/// read for the next job).
/// </summary>
public sealed class TrainingDatasets(IDatasetCatalog catalog, IArtifactStore artifacts, DatasetColumnCache cache, Inference.ModelRouter models)
{
    public Task<Result<DatasetTable>> LoadAsync(DatasetRef reference, string role, CancellationToken cancellationToken) =>
        LoadAsync(reference, role, null, cancellationToken);

    /// <param name="columns">The columns to keep (null: all); others are parsed past but not stored.</param>
    public async Task<Result<DatasetTable>> LoadAsync(DatasetRef reference, string role, IReadOnlyCollection<string>? columns, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reference);
        var version = await catalog.GetVersionAsync(reference.Name, reference.Version, cancellationToken);
        if (!version.IsSuccess)
        {
            return version.Error.Code == ErrorCode.NotFound
                ? Error.NotFound($"The {role} dataset version {reference} does not exist.")
                : version.Error;
        }

        var schema = new DatasetSchema(version.Value.Format, version.Value.Columns);
        if (await cache.TryReadAsync(version.Value.Id, schema, columns, cancellationToken) is { } cached)
        {
            return cached;
        }

        var opened = await artifacts.OpenReadAsync(version.Value.ArtifactSha256, cancellationToken);
        if (!opened.IsSuccess)
        {
            return opened.Error;
        }

        Result<DatasetTable> table;
        await using (var file = opened.Value)
        {
            table = await DatasetTableReader.ReadAsync(file, schema, columns, cancellationToken);
        }

        if (table.IsSuccess && columns is null)
        {
            await cache.TryStoreAsync(version.Value.Id, schema, table.Value, cancellationToken);
        }

        return table;
    }

    /// <summary>
    /// The dataset versions a request reads, as the run's inputs (train, validation when a separate version, test), so the
    /// run page and MLflow's <c>inputs.dataset_inputs</c> list them. A version that no longer resolves is left out.
    /// </summary>
    public async Task<IReadOnlyList<Tracking.RunInput>> DescribeInputsAsync(TrainingJobRequest request, Guid runId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var refs = new List<(DatasetRef Ref, string Role)> { (request.TrainDataset, "train") };
        if (request.Validation?.Dataset is { } v && string.Equals(request.Validation.Type, "dataset", StringComparison.OrdinalIgnoreCase))
        {
            refs.Add((v, "validation"));
        }

        if (request.TestDataset is { } t)
        {
            refs.Add((t, "test"));
        }

        var inputs = new List<Tracking.RunInput>();
        foreach (var (reference, role) in refs)
        {
            var version = await catalog.GetVersionAsync(reference.Name, reference.Version, cancellationToken);
            if (version.IsSuccess)
            {
                inputs.Add(new Tracking.RunInput
                {
                    RunId = runId,
                    DatasetVersionId = version.Value.Id,
                    DatasetName = version.Value.Name,
                    DatasetDigest = version.Value.Sha256,
                    Role = role,
                });
            }
        }

        return inputs;
    }

    /// <summary>
    /// Train, validation (when a separate version) and test tables of a request, read concurrently (each file is parsed on
    /// its own thread), keeping only the columns the request uses when it names its features.
    /// </summary>
    public async Task<Result<TrainingInputs>> LoadInputsAsync(TrainingJobRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var columns = request.Features is { Count: > 0 } features
            ? features.Append(request.Label.Trim()).Append(request.Reweighing?.Feature?.Trim()).OfType<string>().ToHashSet(StringComparer.Ordinal)
            : null;
        var train = Task.Run(() => LoadAsync(request.TrainDataset, "training", columns, cancellationToken), cancellationToken);
        var validation = request.Validation?.Dataset is { } v && string.Equals(request.Validation.Type, "dataset", StringComparison.OrdinalIgnoreCase)
            ? Task.Run(() => LoadAsync(v, "validation", columns, cancellationToken), cancellationToken)
            : null;
        var test = request.TestDataset is { } t ? Task.Run(() => LoadAsync(t, "test", columns, cancellationToken), cancellationToken) : null;
        await Task.WhenAll(new[] { train, validation, test }.OfType<Task>());
        foreach (var loaded in new[] { train, validation, test })
        {
            if (loaded is not null && !loaded.Result.IsSuccess)
            {
                return loaded.Result.Error;
            }
        }

        Engines.Packaging.ModelPackage? baseModel = null;
        if (request.BaseModel is { } reference)
        {
            if (string.IsNullOrWhiteSpace(reference.Name))
            {
                return Error.Invalid("'baseModel' needs a name and a version.");
            }

            var served = await models.ResolveVersionAsync(reference.Name, reference.Version, null, cancellationToken);
            if (!served.IsSuccess)
            {
                return served.Error.Code == ErrorCode.NotFound
                    ? Error.NotFound($"The base model version {reference} does not exist ('baseModel').")
                    : served.Error;
            }

            baseModel = served.Value.Package;
        }

        return new TrainingInputs(train.Result.Value, validation?.Result.Value, test?.Result.Value, null, baseModel);
    }
}
