using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using MlOpsPortal.Application.Audit;
using MlOpsPortal.Application.Datasets;
using MlOpsPortal.Application.Jobs;
using MlOpsPortal.Domain.Common;
using MlOpsPortal.Engines.Packaging;
using MlOpsPortal.Infrastructure.Audit;
using MlOpsPortal.Infrastructure.Inference;
using MlOpsPortal.Infrastructure.Jobs;
using MlOpsPortal.Infrastructure.Persistence;

namespace MlOpsPortal.Infrastructure.Explain;

/// <summary>
/// Explanations of registered model versions: checks the request against the version's package and the dataset
/// version before any job exists (400 with the reason), queues the <c>explanation</c> job, reads stored results.
/// </summary>
public sealed class ExplanationService(
    IDatasetCatalog catalog, ModelRouter models, IJobScheduler scheduler, IJobQueries jobs, IDbContextFactory<PortalDbContext> dbFactory, TimeProvider time)
{
    public const string JobKind = "explanation";
    public const int MaxSample = 2000;

    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public async Task<Result<ExplanationSubmitted>> SubmitAsync(ExplanationRequest request, Actor actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var checkedRequest = await CheckAsync(request, cancellationToken);
        if (!checkedRequest.IsSuccess)
        {
            return checkedRequest.Error;
        }

        var (accepted, method) = checkedRequest.Value;
        var now = time.GetUtcNow();
        var id = Guid.CreateVersion7(now);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        db.Explanations.Add(new ExplanationRow
        {
            Id = id,
            ModelName = accepted.Model!.Name,
            ModelVersion = accepted.Model.Version,
            DatasetName = accepted.Dataset!.Name,
            DatasetVersion = accepted.Dataset.Version,
            Method = method,
            Request = JsonSerializer.Serialize(accepted, Json),
            CreatedBy = actor.Name,
            CreatedAt = now,
        });
        var job = new JobRequest(id, JobKind, new ExplanationJobParameters(id), actor);
        JobMapping.Stage(db, job, now);
        AuditLog.Stage(db, new AuditRecord(actor, "explanation.submitted", "explanation", id.ToString(), null,
            new { Model = $"{accepted.Model.Name} v{accepted.Model.Version}", Dataset = $"{accepted.Dataset.Name}@v{accepted.Dataset.Version}", Method = method }), now);
        await db.SaveChangesAsync(cancellationToken);
        await scheduler.EnqueueAsync(job, cancellationToken);
        return new ExplanationSubmitted(id, id);
    }

    public async Task<Result<ExplanationDto>> GetAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var row = await db.Explanations.AsNoTracking().FirstOrDefaultAsync(e => e.Id == id, cancellationToken);
        if (row is null)
        {
            return Error.NotFound($"Explanation {id} does not exist.");
        }

        var job = await jobs.GetAsync(row.Id, cancellationToken);
        var status = row.Result is not null ? "succeeded" : job?.Status.ToString().ToLowerInvariant() ?? "unknown";
        return new ExplanationDto(
            row.Id, status, row.ModelName, row.ModelVersion, row.DatasetName, row.DatasetVersion, row.Method,
            JsonSerializer.Deserialize<ExplanationRequest>(row.Request, Json)!,
            row.Result is null ? null : JsonSerializer.Deserialize<ExplanationResult>(row.Result, Json),
            row.CreatedAt, row.CompletedAt, row.Id);
    }

    public async Task<IReadOnlyList<ExplanationListItem>> ListAsync(string? model, int? version, int take, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var rows = db.Explanations.AsNoTracking();
        if (model is not null)
        {
            rows = rows.Where(e => e.ModelName == model);
        }

        if (version is { } v)
        {
            rows = rows.Where(e => e.ModelVersion == v);
        }

        return await rows.OrderByDescending(e => e.CreatedAt).Take(Math.Clamp(take, 1, 200))
            .Select(e => new ExplanationListItem(e.Id, e.ModelName, e.ModelVersion, e.DatasetName, e.DatasetVersion, e.Method, e.Result != null, e.CreatedAt))
            .ToListAsync(cancellationToken);
    }

    private async Task<Result<(ExplanationRequest Request, string Method)>> CheckAsync(ExplanationRequest request, CancellationToken cancellationToken)
    {
        if (request.Model is null || string.IsNullOrWhiteSpace(request.Model.Name))
        {
            return Error.Invalid("'model' {name, version} is required: the registered model version to explain.");
        }

        if (request.Dataset is null || string.IsNullOrWhiteSpace(request.Dataset.Name))
        {
            return Error.Invalid("'dataset' {name, version} is required: the data to explain the model on.");
        }

        var sample = request.SampleSize ?? MaxSample;
        if (sample is < 10 or > MaxSample)
        {
            return Error.Invalid($"'sampleSize' must be between 10 and {MaxSample}.");
        }

        var repeats = request.Repeats ?? 5;
        if (repeats is < 1 or > 20)
        {
            return Error.Invalid("'repeats' must be between 1 and 20.");
        }

        var served = await models.ResolveVersionAsync(request.Model.Name, request.Model.Version, null, cancellationToken);
        if (!served.IsSuccess)
        {
            return served.Error;
        }

        var package = served.Value.Package;
        var hasTrees = package.NativeModel is not null && package.Pipeline is not null;
        var hasMlNet = package.MlNetModel is not null && package.Pipeline is not null;
        var method = (request.Method ?? "auto").Trim().ToLowerInvariant() switch
        {
            "auto" => hasTrees ? "tree_shap" : hasMlNet ? "mlnet" : "permutation",
            "shap" => hasTrees ? "tree_shap" : null,
            "mlnet" => hasMlNet ? "mlnet" : "no_mlnet",
            "permutation" => "permutation",
            _ => "invalid",
        };
        if (method == "no_mlnet")
        {
            return Error.Invalid($"Version {request.Model.Version} of '{request.Model.Name}' was not trained by ML.NET; use method 'auto', 'shap' or 'permutation'.");
        }

        if (method is null)
        {
            return Error.Invalid($"Version {request.Model.Version} of '{request.Model.Name}' has no native XGBoost model, so SHAP is not available; use method 'permutation'.");
        }

        if (method == "invalid")
        {
            return Error.Invalid("'method' must be 'auto', 'shap', 'mlnet' or 'permutation'.");
        }

        var dataset = await catalog.GetVersionAsync(request.Dataset.Name, request.Dataset.Version, cancellationToken);
        if (!dataset.IsSuccess)
        {
            return Error.NotFound($"The dataset version {request.Dataset.Name}@v{request.Dataset.Version} does not exist.");
        }

        var columns = dataset.Value.Columns.Select(c => c.Name).ToHashSet(StringComparer.Ordinal);
        var missing = package.Signature.Inputs.Select(i => i.Name).Where(n => !columns.Contains(n)).ToList();
        if (missing.Count > 0)
        {
            return Error.Invalid($"The dataset lacks the model's input column(s): {string.Join(", ", missing)}.");
        }

        if (request.Row is { } row && (row < 0 || row >= dataset.Value.Rows))
        {
            return Error.Invalid($"'row' must be between 0 and {dataset.Value.Rows - 1} (the dataset has {dataset.Value.Rows} rows).");
        }

        var classes = package.Signature.ClassLabels ?? [];
        if (request.TargetClass is { } target && !classes.Contains(target, StringComparer.Ordinal))
        {
            return Error.Invalid($"'targetClass' '{target}' is not one of the model's classes ({string.Join(", ", classes)}).");
        }

        if (method == "mlnet" && package.Signature.Task == ModelTask.BinaryClassification && request.PositiveClass is null)
        {
            request = request with { PositiveClass = package.Signature.PositiveClass };
        }

        if (method is "permutation" or "mlnet")
        {
            if (string.IsNullOrWhiteSpace(request.Label) || !columns.Contains(request.Label))
            {
                return Error.Invalid("Permutation importance measures the drop of a metric, so it needs 'label': a column of the dataset with the true values.");
            }

            if (package.Signature.Task == ModelTask.BinaryClassification && (request.PositiveClass is null || !classes.Contains(request.PositiveClass, StringComparer.Ordinal)))
            {
                return Error.Invalid($"Permutation importance on a binary model needs 'positiveClass', one of: {string.Join(", ", classes)}.");
            }
        }

        return (request with { Method = method switch { "tree_shap" => "shap", "mlnet" => "mlnet", _ => "permutation" }, SampleSize = sample, Repeats = repeats, Seed = request.Seed ?? 42 }, method);
    }
}
