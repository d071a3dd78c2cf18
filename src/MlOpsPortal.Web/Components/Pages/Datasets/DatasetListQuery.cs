using Microsoft.EntityFrameworkCore;
using MlOpsPortal.Application.Datasets;
using MlOpsPortal.Infrastructure.Persistence;
using MlOpsPortal.Web.Components.Pickers;

namespace MlOpsPortal.Web.Components.Pages.Datasets;

/// <summary>One page of the datasets grid, searched and sorted in the database.</summary>
public interface IDatasetListQuery
{
    Task<DatasetPage> ListAsync(DatasetListState state, CancellationToken cancellationToken);
}

/// <summary><see cref="IDatasetListQuery"/> over PostgreSQL: no tracking, one page (at most 100 rows) per call.</summary>
internal sealed class DatasetListQuery(IDbContextFactory<PortalDbContext> dbFactory) : IDatasetListQuery
{
    public async Task<DatasetPage> ListAsync(DatasetListState state, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(state);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var datasets = db.Datasets.AsNoTracking();
        if (state.Search is { Length: > 0 } search)
        {
            var pattern = PickerText.ContainsPattern(search);
            datasets = datasets.Where(d => EF.Functions.ILike(d.Name, pattern, PickerText.LikeEscape) || (d.Description != null && EF.Functions.ILike(d.Description, pattern, PickerText.LikeEscape)));
        }

        var total = await datasets.CountAsync(cancellationToken);
        var rows = datasets.Select(d => new
        {
            d.Id,
            d.Name,
            d.Description,
            d.Owner,
            d.CreatedAt,
            Latest = db.DatasetVersions.Where(v => v.DatasetId == d.Id).Max(v => (int?)v.Version) ?? 0,
            LatestRows = db.DatasetVersions.Where(v => v.DatasetId == d.Id).OrderByDescending(v => v.Version).Select(v => (long?)v.Rows).FirstOrDefault() ?? 0,
            Count = db.DatasetVersions.Count(v => v.DatasetId == d.Id),
        });
        rows = (state.Sort, state.Descending) switch
        {
            (DatasetListState.SortLatest, false) => rows.OrderBy(r => r.Latest).ThenBy(r => r.Name),
            (DatasetListState.SortLatest, true) => rows.OrderByDescending(r => r.Latest).ThenBy(r => r.Name),
            (DatasetListState.SortVersions, false) => rows.OrderBy(r => r.Count).ThenBy(r => r.Name),
            (DatasetListState.SortVersions, true) => rows.OrderByDescending(r => r.Count).ThenBy(r => r.Name),
            (DatasetListState.SortRows, false) => rows.OrderBy(r => r.LatestRows).ThenBy(r => r.Name),
            (DatasetListState.SortRows, true) => rows.OrderByDescending(r => r.LatestRows).ThenBy(r => r.Name),
            (DatasetListState.SortOwner, false) => rows.OrderBy(r => r.Owner).ThenBy(r => r.Name),
            (DatasetListState.SortOwner, true) => rows.OrderByDescending(r => r.Owner).ThenBy(r => r.Name),
            (DatasetListState.SortCreated, false) => rows.OrderBy(r => r.CreatedAt),
            (DatasetListState.SortCreated, true) => rows.OrderByDescending(r => r.CreatedAt),
            (_, true) => rows.OrderByDescending(r => r.Name),
            _ => rows.OrderBy(r => r.Name),
        };
        var size = Math.Clamp(state.PageSize, 1, 100);
        var page = await rows.Skip(Math.Max(0, state.Page) * size).Take(size).ToListAsync(cancellationToken);
        return new DatasetPage([.. page.Select(r => new DatasetSummary(r.Id, r.Name, r.Description, r.Owner, r.CreatedAt, r.Latest, r.LatestRows, r.Count))], total);
    }
}
