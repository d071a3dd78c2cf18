using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using MlOpsPortal.Domain.Registry;
using MlOpsPortal.Infrastructure.Persistence;

namespace MlOpsPortal.Infrastructure.Evaluation;

/// <summary>
/// Evaluation records as registry evidence. A registered version is linked to its evaluations through its run id
/// (the training run that produced its package). A holdout is named "dataset" (any version: the newest evaluation
/// counts) or "dataset@vN" (that version only).
/// </summary>
internal static class EvaluationEvidenceQueries
{
    /// <summary>The newest evaluation of the run on the holdout, or null.</summary>
    public static async Task<EvaluationEvidence?> LatestOnHoldoutAsync(PortalDbContext db, string? runId, string holdout, CancellationToken cancellationToken)
    {
        if (runId is null)
        {
            return null;
        }

        var prefix = holdout + "@v";
        var row = await db.Evaluations.AsNoTracking()
            .Where(e => e.RunId == runId && (e.Dataset == holdout || e.Dataset.StartsWith(prefix)))
            .OrderByDescending(e => e.CreatedAt)
            .FirstOrDefaultAsync(cancellationToken);
        return row is null ? null : ToEvidence(row);
    }

    /// <summary>The newest evaluation of the run on exactly this dataset version ("name@vN"), or null.</summary>
    public static async Task<EvaluationEvidence?> LatestOnDatasetAsync(PortalDbContext db, string? runId, string dataset, CancellationToken cancellationToken)
    {
        if (runId is null)
        {
            return null;
        }

        var row = await db.Evaluations.AsNoTracking()
            .Where(e => e.RunId == runId && e.Dataset == dataset)
            .OrderByDescending(e => e.CreatedAt)
            .FirstOrDefaultAsync(cancellationToken);
        return row is null ? null : ToEvidence(row);
    }

    /// <summary>Every evaluation of the run, newest first (at most <paramref name="take"/>).</summary>
    public static async Task<IReadOnlyList<EvaluationEvidence>> ForRunAsync(PortalDbContext db, string? runId, int take, CancellationToken cancellationToken)
    {
        if (runId is null)
        {
            return [];
        }

        var rows = await db.Evaluations.AsNoTracking()
            .Where(e => e.RunId == runId)
            .OrderByDescending(e => e.CreatedAt)
            .Take(take)
            .ToListAsync(cancellationToken);
        return rows.Select(ToEvidence).ToList();
    }

    private static EvaluationEvidence ToEvidence(EvaluationRow row)
    {
        var metrics = JsonSerializer.Deserialize<Dictionary<string, double?>>(row.Metrics, EvaluationJson.Options) ?? [];
        var defined = metrics.Where(m => m.Value is { } v && double.IsFinite(v)).ToDictionary(m => m.Key, m => m.Value!.Value, StringComparer.Ordinal);
        return new EvaluationEvidence(row.Id, row.Dataset, row.Rows, row.CreatedAt, defined);
    }
}
