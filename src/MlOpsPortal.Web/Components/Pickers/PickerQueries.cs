using Microsoft.EntityFrameworkCore;
using MlOpsPortal.Application.Datasets;
using MlOpsPortal.Domain.Tracking;
using MlOpsPortal.Infrastructure.Persistence;
using MlOpsPortal.Infrastructure.Registry;

namespace MlOpsPortal.Web.Components.Pickers;

/// <summary>
/// <see cref="IPickerQueries"/> over the catalogue and the registry: one short-lived context per call, no tracking,
/// at most <see cref="IPickerQueries.MaxOptions"/> rows. Schema, profile and aliases come from the existing services.
/// </summary>
internal sealed class PickerQueries(IDbContextFactory<PortalDbContext> dbFactory, IDatasetCatalog catalog, RegistryService registry) : IPickerQueries
{
    /// <summary>Metrics a run is summarised by, best first; a run without any shows none.</summary>
    private static readonly string[] HeadlineMetrics =
        ["validation_roc_auc", "test_roc_auc", "roc_auc", "validation_auc", "auc", "validation_accuracy", "accuracy", "validation_r2", "r2", "validation_rmse", "rmse"];

    public async Task<IReadOnlyList<DatasetVersionOption>> SearchDatasetVersionsAsync(string? text, CancellationToken cancellationToken)
    {
        var (name, version) = PickerText.ParseNameAndVersion(text);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var rows = from v in db.DatasetVersions.AsNoTracking()
                   join d in db.Datasets.AsNoTracking() on v.DatasetId equals d.Id
                   select new { d.Name, v.Version, v.Rows, v.CreatedAt };
        if (name.Length > 0)
        {
            var pattern = PickerText.ContainsPattern(name);
            rows = rows.Where(r => EF.Functions.ILike(r.Name, pattern));
        }

        if (version is { } wanted)
        {
            rows = rows.Where(r => r.Version == wanted);
        }

        var page = await rows.OrderBy(r => r.Name).ThenByDescending(r => r.Version).Take(IPickerQueries.MaxOptions).ToListAsync(cancellationToken);
        return [.. page.Select(r => new DatasetVersionOption(new DatasetVersionRef(r.Name, r.Version), r.Rows, r.CreatedAt))];
    }

    public async Task<IReadOnlyList<ColumnOption>> GetColumnsAsync(DatasetVersionRef dataset, CancellationToken cancellationToken)
    {
        var found = await catalog.GetVersionAsync(dataset.Name, dataset.Version, cancellationToken);
        if (!found.IsSuccess)
        {
            return [];
        }

        var profiles = found.Value.Profile?.Columns.ToDictionary(c => c.Name, StringComparer.Ordinal) ?? [];
        return [.. found.Value.Columns.Select(c => profiles.TryGetValue(c.Name, out var p)
            ? new ColumnOption(c.Name, c.Type, p.DistinctCount, p.MissingPercent)
            : new ColumnOption(c.Name, c.Type))];
    }

    public async Task<IReadOnlyList<LabelValueOption>> GetColumnValuesAsync(DatasetVersionRef dataset, string column, CancellationToken cancellationToken)
    {
        var found = await catalog.GetVersionAsync(dataset.Name, dataset.Version, cancellationToken);
        var profile = found.IsSuccess ? found.Value.Profile?.Columns.FirstOrDefault(c => c.Name == column) : null;
        return profile is null ? [] : [.. profile.TopValues.Select(v => new LabelValueOption(v.Value, v.Count))];
    }

    public async Task<IReadOnlyList<RunOption>> SearchRunsAsync(string? text, CancellationToken cancellationToken)
    {
        var trimmed = text?.Trim() ?? string.Empty;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var runs = from r in db.Runs.AsNoTracking()
                   join e in db.Experiments.AsNoTracking() on r.ExperimentId equals e.Id
                   where r.LifecycleStage == LifecycleStage.Active && e.LifecycleStage == LifecycleStage.Active
                   select new { r.Id, r.Name, Experiment = e.Name, r.Status, r.StartTime };
        if (trimmed.Length > 0)
        {
            var pattern = PickerText.ContainsPattern(trimmed);
            if (Guid.TryParse(trimmed, out var exact))
            {
                runs = runs.Where(r => r.Id == exact);
            }
            else if (PickerText.RunIdPrefix(trimmed) is { } prefix)
            {
                var idPattern = prefix + "%";
                runs = runs.Where(r => EF.Functions.ILike(r.Name, pattern) || EF.Functions.ILike(r.Experiment, pattern) || EF.Functions.ILike(r.Id.ToString(), idPattern));
            }
            else
            {
                runs = runs.Where(r => EF.Functions.ILike(r.Name, pattern) || EF.Functions.ILike(r.Experiment, pattern));
            }
        }

        var page = await runs.OrderByDescending(r => r.StartTime).Take(IPickerQueries.MaxOptions).ToListAsync(cancellationToken);
        var ids = page.Select(r => r.Id).ToList();
        var metrics = await db.LatestMetrics.AsNoTracking()
            .Where(m => ids.Contains(m.RunId) && HeadlineMetrics.Contains(m.Key))
            .Select(m => new { m.RunId, m.Key, m.Value })
            .Take(IPickerQueries.MaxOptions * HeadlineMetrics.Length)
            .ToListAsync(cancellationToken);
        return [.. page.Select(r =>
        {
            var headline = metrics.Where(m => m.RunId == r.Id).OrderBy(m => HeadlineMetrics.AsSpan().IndexOf(m.Key)).FirstOrDefault();
            return new RunOption(r.Id.ToString("N"), r.Name, r.Experiment, r.Status.ToString(), headline?.Key, headline?.Value, r.StartTime);
        })];
    }

    public async Task<RunOption?> GetRunAsync(string runId, CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(runId, out _))
        {
            return null;
        }

        var found = await SearchRunsAsync(runId, cancellationToken);
        return found.Count > 0 ? found[0] : null;
    }

    public async Task<IReadOnlyList<ModelVersionOption>> SearchModelVersionsAsync(string? text, CancellationToken cancellationToken)
    {
        var (name, version) = PickerText.ParseNameAndVersion(text);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var rows = from v in db.Set<ModelVersion>().AsNoTracking()
                   join m in db.Set<RegisteredModel>().AsNoTracking() on v.ModelId equals m.Id
                   select new { VersionId = v.Id, m.Name, v.Version, v.Status, v.RunId, v.CreatedAt };
        if (name.Length > 0)
        {
            var pattern = PickerText.ContainsPattern(name);
            rows = rows.Where(r => EF.Functions.ILike(r.Name, pattern));
        }

        if (version is { } wanted)
        {
            rows = rows.Where(r => r.Version == wanted);
        }

        var page = await rows.OrderBy(r => r.Name).ThenByDescending(r => r.Version).Take(IPickerQueries.MaxOptions).ToListAsync(cancellationToken);
        var ids = page.Select(r => r.VersionId).ToList();
        var aliases = await db.Set<ModelAlias>().AsNoTracking().Where(a => ids.Contains(a.VersionId))
            .Select(a => new { a.VersionId, a.Alias }).ToListAsync(cancellationToken);
        return [.. page.Select(r => new ModelVersionOption(
            new ModelVersionRef(r.Name, r.Version),
            r.Status.ToString(),
            [.. aliases.Where(a => a.VersionId == r.VersionId).Select(a => a.Alias).Order(StringComparer.Ordinal)],
            r.RunId,
            r.CreatedAt))];
    }

    public async Task<IReadOnlyList<AliasOption>> GetAliasesAsync(string model, CancellationToken cancellationToken)
    {
        var found = await registry.GetModelAsync(model, cancellationToken);
        if (!found.IsSuccess)
        {
            return [];
        }

        var used = found.Value.Aliases.Select(a => new AliasOption(a.Alias, a.Version, a.Protected));
        var reserved = found.Value.ProtectedAliases
            .Where(p => found.Value.Aliases.All(a => !string.Equals(a.Alias, p, StringComparison.Ordinal)))
            .Select(p => new AliasOption(p, null, Protected: true));
        return [.. used.Concat(reserved).OrderBy(a => a.Alias, StringComparer.Ordinal)];
    }
}
