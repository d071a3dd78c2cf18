using Microsoft.EntityFrameworkCore;
using MlOpsPortal.Application.Datasets;
using MlOpsPortal.Domain.Common;

namespace MlOpsPortal.Infrastructure.Datasets;

/// <summary>Read side of the catalogue: no-tracking projections, paged.</summary>
internal sealed partial class DatasetCatalog
{
    public async Task<DatasetPage> ListAsync(string? search, int skip, int take, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var datasets = db.Datasets.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(search))
        {
            var pattern = "%" + search.Trim().Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal) + "%";
            datasets = datasets.Where(d => EF.Functions.ILike(d.Name, pattern));
        }

        var total = await datasets.CountAsync(cancellationToken);
        var items = await datasets
            .OrderBy(d => d.Name)
            .Skip(Math.Max(0, skip))
            .Take(Math.Clamp(take, 1, 500))
            .Select(d => new
            {
                d.Id,
                d.Name,
                d.Description,
                d.Owner,
                d.CreatedAt,
                Latest = db.DatasetVersions.Where(v => v.DatasetId == d.Id).OrderByDescending(v => v.Version).Select(v => new { v.Version, v.Rows }).FirstOrDefault(),
                Count = db.DatasetVersions.Count(v => v.DatasetId == d.Id),
            })
            .ToListAsync(cancellationToken);
        return new DatasetPage(
            [.. items.Select(i => new DatasetSummary(i.Id, i.Name, i.Description, i.Owner, i.CreatedAt, i.Latest?.Version ?? 0, i.Latest?.Rows ?? 0, i.Count))],
            total);
    }

    public async Task<Result<IReadOnlyList<DatasetVersionSummary>>> ListVersionsAsync(string name, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var dataset = await db.Datasets.AsNoTracking().FirstOrDefaultAsync(d => d.Name == name, cancellationToken);
        if (dataset is null)
        {
            return Error.NotFound($"Dataset '{name}' does not exist.");
        }

        var rows = await (from v in db.DatasetVersions.AsNoTracking()
                          where v.DatasetId == dataset.Id
                          orderby v.Version descending
                          select new
                          {
                              v.Id, v.Version, v.Sha256, v.SizeBytes, v.Rows, v.Schema, v.CreatedBy, v.CreatedAt,
                              HasProfile = v.Profile != null,
                              Job = db.Jobs.Where(j => j.Id == v.ProfileJobId).Select(j => (Application.Jobs.JobStatus?)j.Status).FirstOrDefault(),
                          }).Take(1000).ToListAsync(cancellationToken);
        return rows.Select(v => new DatasetVersionSummary(
            v.Id, name, v.Version, v.Sha256, v.SizeBytes, v.Rows, DatasetMapping.FromJson<List<ColumnSchema>>(v.Schema).Count, v.CreatedBy, v.CreatedAt,
            DatasetMapping.ProfileStatus(v.HasProfile, v.Job))).ToList();
    }

    public async Task<Result<DatasetVersionDetail>> GetVersionAsync(string name, int version, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var found = await (from v in db.DatasetVersions.AsNoTracking()
                           join d in db.Datasets on v.DatasetId equals d.Id
                           where d.Name == name && v.Version == version
                           select new { Row = v, Job = db.Jobs.Where(j => j.Id == v.ProfileJobId).Select(j => (Application.Jobs.JobStatus?)j.Status).FirstOrDefault() })
            .FirstOrDefaultAsync(cancellationToken);
        return found is null
            ? Error.NotFound($"Dataset '{name}' has no version {version}.")
            : DatasetMapping.ToDetail(name, found.Row, found.Job);
    }

    public async Task<Result<PreviewTable>> PreviewAsync(string name, int version, CancellationToken cancellationToken)
    {
        var detail = await GetVersionAsync(name, version, cancellationToken);
        if (!detail.IsSuccess)
        {
            return detail.Error;
        }

        var opened = await artifacts.OpenReadAsync(detail.Value.ArtifactSha256, cancellationToken);
        if (!opened.IsSuccess)
        {
            return opened.Error;
        }

        await using var file = opened.Value;
        return await DatasetPreview.ReadAsync(file, detail.Value.Format, DatasetPreview.DefaultRows, cancellationToken);
    }

    public async Task<Result<DatasetFile>> OpenFileAsync(string name, int version, CancellationToken cancellationToken)
    {
        var detail = await GetVersionAsync(name, version, cancellationToken);
        if (!detail.IsSuccess)
        {
            return detail.Error;
        }

        var opened = await artifacts.OpenReadAsync(detail.Value.ArtifactSha256, cancellationToken);
        return opened.IsSuccess
            ? new DatasetFile(opened.Value, $"{name}-v{version}.csv", detail.Value.SizeBytes)
            : opened.Error;
    }

    private async Task<DatasetVersionDetail?> FindByContentAsync(string name, string sha256, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var version = await (from v in db.DatasetVersions.AsNoTracking()
                             join d in db.Datasets on v.DatasetId equals d.Id
                             where d.Name == name && v.Sha256 == sha256
                             select (int?)v.Version).FirstOrDefaultAsync(cancellationToken);
        return version is null ? null : (await GetVersionAsync(name, version.Value, cancellationToken)).Value;
    }
}
