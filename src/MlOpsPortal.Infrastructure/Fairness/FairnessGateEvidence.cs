using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using MlOpsPortal.Application.Fairness;
using MlOpsPortal.Domain.Registry;
using MlOpsPortal.Infrastructure.Persistence;

namespace MlOpsPortal.Infrastructure.Fairness;

/// <summary>The promotion gate's source: the latest finished report of a model version on the model's fairness dataset.</summary>
internal static class FairnessGateEvidence
{
    public static async Task<FairnessEvidence?> LatestAsync(PortalDbContext db, string model, int version, string? dataset, CancellationToken cancellationToken) =>
        dataset is null ? null : await LatestOnAnyAsync(db, model, version, dataset, cancellationToken);

    /// <summary>The latest finished report of the version on the dataset, or on any dataset when it is null (the model card's source).</summary>
    public static async Task<FairnessEvidence?> LatestOnAnyAsync(PortalDbContext db, string model, int version, string? dataset, CancellationToken cancellationToken)
    {
        var row = await db.FairnessReports.AsNoTracking()
            .Where(r => r.ModelName == model && r.ModelVersion == version && (dataset == null || r.DatasetName == dataset) && r.Result != null)
            .OrderByDescending(r => r.CreatedAt)
            .Select(r => new { r.Id, r.DatasetName, r.DatasetVersion, r.CreatedAt, r.Result })
            .FirstOrDefaultAsync(cancellationToken);
        return row is null
            ? null
            : FairnessEvidenceMapper.ToEvidence(row.Id, row.DatasetName, row.DatasetVersion, row.CreatedAt,
                JsonSerializer.Deserialize<FairnessResultDocument>(row.Result!, FairnessReportService.Json)!);
    }

    /// <summary>Null when the registered model version exists; otherwise why not.</summary>
    public static async Task<string?> MissingModelVersionAsync(PortalDbContext db, string model, int version, CancellationToken cancellationToken)
    {
        var found = await (from m in db.Set<Registry.RegisteredModel>().AsNoTracking()
                           join v in db.Set<Registry.ModelVersion>().AsNoTracking() on m.Id equals v.ModelId
                           where m.Name == model && v.Version == version
                           select v.Id).AnyAsync(cancellationToken);
        return found ? null : $"Registered model '{model}' has no version {version}.";
    }
}
