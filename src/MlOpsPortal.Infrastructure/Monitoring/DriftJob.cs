using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using MlOpsPortal.Application.Jobs;
using MlOpsPortal.Domain.Common;
using MlOpsPortal.Domain.Drift;
using MlOpsPortal.Engines.Packaging;
using MlOpsPortal.Infrastructure.Inference;
using MlOpsPortal.Infrastructure.Persistence;
using MlOpsPortal.Infrastructure.Training;

namespace MlOpsPortal.Infrastructure.Monitoring;

/// <summary>
/// The <c>drift</c> job: loads the reference (default: the version's training dataset) and the current data (default:
/// the last 24 h of logged predictions), runs Evidently's default test per input column and on the prediction
/// (<see cref="DriftDetector"/>, METRICS.md), adds live performance when the current data are logged predictions with
/// feedback, stores an immutable report under the job id, and — for a monitor — evaluates its alert rules.
/// </summary>
internal sealed class DriftJob(
    ModelRouter router, DriftDataLoader loader, PredictionFeedbackService feedback, MonitorAlerts alerts,
    IDbContextFactory<PortalDbContext> dbFactory, TimeProvider time) : IJobHandler
{
    public async Task<Result<string?>> RunAsync(IJobContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var p = context.GetParameters<DriftJobParameters>();
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            if (await db.DriftReports.AsNoTracking().AnyAsync(r => r.Id == context.JobId, cancellationToken))
            {
                return Result<string?>.Ok("already computed");
            }
        }

        var served = await router.ResolveVersionAsync(p.Model, p.Version, p.Alias, cancellationToken);
        if (!served.IsSuccess)
        {
            return served.Error;
        }

        var reference = p.Reference ?? await TrainingReferenceAsync(p.Model, p.Version, cancellationToken);
        if (reference is null)
        {
            return Error.Invalid($"Version {p.Version} of '{p.Model}' has no portal training dataset on record; give a reference dataset.");
        }

        context.ReportProgress(10, "Loading the reference: " + reference.Describe());
        var refSample = await loader.LoadAsync(reference, served.Value, "reference", cancellationToken);
        if (!refSample.IsSuccess)
        {
            return refSample.Error;
        }

        context.ReportProgress(40, "Loading the current data: " + p.Current.Describe());
        var curSample = await loader.LoadAsync(p.Current, served.Value, "current", cancellationToken);
        if (!curSample.IsSuccess)
        {
            return curSample.Error;
        }

        context.ReportProgress(70, "Testing each column");
        var inputs = served.Value.Package.Signature.Inputs.Where(i => p.Columns is null || p.Columns.Contains(i.Name, StringComparer.Ordinal)).ToList();
        var columns = inputs.Select(i => i.ElementType == "float"
            ? DriftColumn.Numeric(i.Name, refSample.Value.Numbers[i.Name], curSample.Value.Numbers[i.Name])
            : DriftColumn.Categorical(i.Name, refSample.Value.Texts[i.Name], curSample.Value.Texts[i.Name])).ToList();
        var options = new DriftOptions();
        var drift = DriftDetector.Detect(columns, options, cancellationToken);
        var prediction = PredictionDrift(served.Value.Package.Signature, refSample.Value, curSample.Value, options);
        LivePerformance? performance = null;
        if (p.Current.IsLogged)
        {
            var since = p.Current.LastHours is { } h ? time.GetUtcNow().AddHours(-h) : DateTimeOffset.MinValue;
            var live = await feedback.PerformanceAsync(p.Model, p.Alias, since, cancellationToken);
            performance = live.Labelled > 0 ? live : null;
        }

        var types = inputs.ToDictionary(i => i.Name, i => i.ElementType == "float" ? "numeric" : "categorical", StringComparer.Ordinal);
        var results = drift.Columns.Select(c => ToDto(c, types[c.Column])).ToList();
        var row = new DriftReportRow
        {
            Id = context.JobId,
            MonitorId = p.MonitorId,
            ModelName = p.Model,
            Alias = p.Alias,
            Version = p.Version,
            Reference = Truncate(reference.Describe()),
            Current = Truncate(p.Current.Describe()),
            ReferenceRows = refSample.Value.Rows,
            CurrentRows = curSample.Value.Rows,
            Columns = drift.Columns.Count,
            DriftedColumns = drift.DriftedColumns,
            DriftShare = drift.DriftedShare,
            DatasetDrifted = drift.DatasetDrifted,
            PredictionDrifted = prediction?.Drifted,
            Result = JsonSerializer.Serialize(new StoredResult(results, prediction is null ? null : ToDto(prediction, "prediction"), options), MonitoringJson.Options),
            Performance = performance is null ? null : JsonSerializer.Serialize(performance, MonitoringJson.Options),
            CreatedAt = time.GetUtcNow(),
        };
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            db.DriftReports.Add(row);
            await db.SaveChangesAsync(cancellationToken);
        }

        var drifted = results.Where(r => r.Drifted).Select(r => r.Column).ToList();
        var summary = string.Create(CultureInfo.InvariantCulture,
            $"{drift.DriftedColumns}/{drift.Columns.Count} columns drifted (share {drift.DriftedShare:0.00}, dataset drift {(drift.DatasetDrifted ? "yes" : "no")})")
            + (drifted.Count > 0 ? ": " + string.Join(", ", drifted) : string.Empty);
        context.Log(summary);
        if (p.MonitorId is { } monitorId)
        {
            context.ReportProgress(95, "Evaluating alert rules");
            foreach (var line in await alerts.EvaluateAsync(monitorId, row, performance, cancellationToken))
            {
                context.Log(line);
            }
        }

        return Result<string?>.Ok(summary);
    }

    private async Task<DriftSource?> TrainingReferenceAsync(string model, int version, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var runId = await (from m in db.Set<Registry.RegisteredModel>().AsNoTracking()
                           join v in db.Set<Registry.ModelVersion>().AsNoTracking() on m.Id equals v.ModelId
                           where m.Name == model && v.Version == version
                           select v.RunId).FirstOrDefaultAsync(cancellationToken);
        var train = runId is null ? null
            : await db.TrainedModels.AsNoTracking().Where(t => t.RunId == runId).Select(t => t.TrainDataset).FirstOrDefaultAsync(cancellationToken);
        return DatasetRefText.TryParse(train, out var dataset) ? new DriftSource(dataset) : null;
    }

    private static ColumnDrift? PredictionDrift(ModelSignature signature, DriftSample reference, DriftSample current, DriftOptions options)
    {
        if (reference.PredictedNumbers.Count > 0 && current.PredictedNumbers.Count > 0)
        {
            return DriftDetector.DetectColumn(DriftColumn.Numeric("prediction", reference.PredictedNumbers, current.PredictedNumbers), options);
        }

        return signature.Task == ModelTask.MulticlassClassification && reference.PredictedLabels.Count > 0 && current.PredictedLabels.Count > 0
            ? DriftDetector.DetectColumn(DriftColumn.Categorical("prediction", reference.PredictedLabels, current.PredictedLabels), options)
            : null;
    }

    internal static ColumnDriftDto ToDto(ColumnDrift c, string type) =>
        new(c.Column, type, MethodName(c.Method), c.Score, c.ScoreIsPValue, c.Threshold, c.Drifted, c.Psi, c.ReferenceCount, c.CurrentCount);

    /// <summary>Evidently's stattest names.</summary>
    private static string MethodName(DriftMethod method) => method switch
    {
        DriftMethod.KolmogorovSmirnov => "ks",
        DriftMethod.WassersteinNormed => "wasserstein",
        DriftMethod.ChiSquare => "chisquare",
        DriftMethod.ZTest => "z",
        DriftMethod.JensenShannon => "jensenshannon",
        _ => "not_computed",
    };

    private static string Truncate(string text) => text.Length <= 500 ? text : text[..497] + "...";
}

/// <summary>The JSON stored in <c>drift_reports.result</c>.</summary>
internal sealed record StoredResult(IReadOnlyList<ColumnDriftDto> Columns, ColumnDriftDto? Prediction, DriftOptions Options);

internal static class MonitoringJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };
}

/// <summary>Parses "name@vN" (how datasets are named in training records) back to a <see cref="DatasetRef"/>.</summary>
internal static class DatasetRefText
{
    public static bool TryParse(string? text, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out DatasetRef? dataset)
    {
        dataset = null;
        var at = text?.LastIndexOf("@v", StringComparison.Ordinal) ?? -1;
        if (at <= 0 || !int.TryParse(text![(at + 2)..], NumberStyles.None, CultureInfo.InvariantCulture, out var version))
        {
            return false;
        }

        dataset = new DatasetRef(text[..at], version);
        return true;
    }
}
