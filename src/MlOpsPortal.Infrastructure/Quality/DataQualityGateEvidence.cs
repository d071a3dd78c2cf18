using Microsoft.EntityFrameworkCore;
using MlOpsPortal.Application.Quality;
using MlOpsPortal.Domain.Registry;
using MlOpsPortal.Infrastructure.Datasets;
using MlOpsPortal.Infrastructure.Persistence;

namespace MlOpsPortal.Infrastructure.Quality;

/// <summary>Evidence of the <c>DataQuality</c> promotion gate: the quality report of the training data of a version's run.</summary>
internal static class DataQualityGateEvidence
{
    public static async Task<DataQualityEvidence?> TrainingDataAsync(PortalDbContext db, string? runId, CancellationToken cancellationToken)
    {
        if (runId is null || !Guid.TryParse(runId, out var run))
        {
            return null;
        }

        var found = await (from i in db.RunInputs.AsNoTracking()
                           join v in db.DatasetVersions on i.DatasetVersionId equals v.Id
                           join d in db.Datasets on v.DatasetId equals d.Id
                           where i.RunId == run && i.Role == "train"
                           orderby i.Id
                           select new { d.Name, v.Version, v.QualityReport }).FirstOrDefaultAsync(cancellationToken);
        if (found is null)
        {
            return null;
        }

        if (found.QualityReport is null)
        {
            return new DataQualityEvidence(found.Name, found.Version, "none", []);
        }

        var report = DatasetMapping.FromJson<QualityReport>(found.QualityReport);
        var findings = report.Checks
            .Where(c => c.Status != QualityCheckStatus.Passed)
            .Select(c => $"{(c.Status == QualityCheckStatus.Failed ? "blocking" : "warning")}: {c.Rule.Describe()} — {c.Message}")
            .ToList();
        return new DataQualityEvidence(found.Name, found.Version, report.Status, findings);
    }
}
