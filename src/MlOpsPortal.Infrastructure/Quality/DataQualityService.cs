using Microsoft.EntityFrameworkCore;
using MlOpsPortal.Application.Artifacts;
using MlOpsPortal.Application.Audit;
using MlOpsPortal.Application.Datasets;
using MlOpsPortal.Application.Quality;
using MlOpsPortal.Domain.Common;
using MlOpsPortal.Infrastructure.Audit;
using MlOpsPortal.Infrastructure.Datasets;
using MlOpsPortal.Infrastructure.Persistence;

namespace MlOpsPortal.Infrastructure.Quality;

/// <summary>A version's quality report as the API shows it; <see cref="Status"/> is <c>none</c> before the profile job wrote one.</summary>
public sealed record QualityReportView(string Dataset, int Version, string Status, QualityReport? Report);

/// <summary>
/// Data-quality rules of datasets and the reports of their versions. The profile job calls <see cref="EvaluateAsync"/> for
/// every version it profiles; training, HPO and recipes call <see cref="CheckTrainableAsync"/> before queueing anything.
/// </summary>
public sealed class DataQualityService(IDbContextFactory<PortalDbContext> dbFactory, IArtifactStore artifacts, DatasetColumnCache cache, TimeProvider time)
{
    public async Task<Result<QualityRuleSet>> GetRulesAsync(string name, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var dataset = await db.Datasets.AsNoTracking().FirstOrDefaultAsync(d => d.Name == name, cancellationToken);
        return dataset is null ? Error.NotFound($"Dataset '{name}' does not exist.") : Parse(dataset.QualityRules);
    }

    /// <summary>Replaces the rules of a dataset (audited); they apply to versions profiled from now on.</summary>
    public async Task<Result<QualityRuleSet>> PutRulesAsync(string name, QualityRuleSet rules, Actor actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(actor);
        if (rules.Validate() is { } invalid)
        {
            return invalid;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var dataset = await db.Datasets.FirstOrDefaultAsync(d => d.Name == name, cancellationToken);
        if (dataset is null)
        {
            return Error.NotFound($"Dataset '{name}' does not exist.");
        }

        var before = Parse(dataset.QualityRules);
        dataset.QualityRules = DatasetMapping.ToJson(rules);
        AuditLog.Stage(db, new AuditRecord(actor, "dataset.quality_rules_changed", "dataset", name, before.Rules, rules.Rules), time.GetUtcNow());
        await db.SaveChangesAsync(cancellationToken);
        return rules;
    }

    public async Task<Result<QualityReportView>> GetReportAsync(string name, int version, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var found = await (from v in db.DatasetVersions.AsNoTracking()
                           join d in db.Datasets on v.DatasetId equals d.Id
                           where d.Name == name && v.Version == version
                           select new { v.QualityReport }).FirstOrDefaultAsync(cancellationToken);
        if (found is null)
        {
            return Error.NotFound($"Dataset '{name}' has no version {version}.");
        }

        var report = found.QualityReport is null ? null : DatasetMapping.FromJson<QualityReport>(found.QualityReport);
        return new QualityReportView(name, version, report?.Status ?? "none", report);
    }

    /// <summary>Evaluates the dataset's rules on a version again now (after the rules changed) and stores the report.</summary>
    public async Task<Result<QualityReportView>> ReevaluateAsync(string name, int version, CancellationToken cancellationToken)
    {
        Guid versionId;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            var id = await (from v in db.DatasetVersions join d in db.Datasets on v.DatasetId equals d.Id
                            where d.Name == name && v.Version == version select (Guid?)v.Id).FirstOrDefaultAsync(cancellationToken);
            if (id is null)
            {
                return Error.NotFound($"Dataset '{name}' has no version {version}.");
            }

            versionId = id.Value;
        }

        var evaluated = await EvaluateAsync(versionId, null, cancellationToken);
        return evaluated.IsSuccess ? await GetReportAsync(name, version, cancellationToken) : evaluated.Error;
    }

    /// <summary>
    /// Evaluates the dataset's rules on a version (its table from <paramref name="table"/>, the typed column cache or the CSV)
    /// and stores the report on the version; no rules → no report (null).
    /// </summary>
    public async Task<Result<QualityReport?>> EvaluateAsync(Guid versionId, DatasetTable? table, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var row = await db.DatasetVersions.AsNoTracking().FirstOrDefaultAsync(v => v.Id == versionId, cancellationToken);
        if (row is null)
        {
            return Error.NotFound($"Dataset version {versionId} does not exist.");
        }

        var rules = Parse(await db.Datasets.Where(d => d.Id == row.DatasetId).Select(d => d.QualityRules).FirstOrDefaultAsync(cancellationToken));
        if (rules.Rules.Count == 0)
        {
            await db.DatasetVersions.Where(v => v.Id == versionId).ExecuteUpdateAsync(s => s.SetProperty(v => v.QualityReport, (string?)null), cancellationToken);
            return Result<QualityReport?>.Ok(null);
        }

        var previous = await db.DatasetVersions.AsNoTracking()
            .Where(v => v.DatasetId == row.DatasetId && v.Version < row.Version)
            .OrderByDescending(v => v.Version)
            .Select(v => new { v.Version, v.Schema })
            .FirstOrDefaultAsync(cancellationToken);
        var schema = new DatasetSchema(DatasetMapping.FromJson<CsvFormat>(row.Format), DatasetMapping.FromJson<List<ColumnSchema>>(row.Schema));
        if (table is null)
        {
            var loaded = await LoadAsync(row, schema, cancellationToken);
            if (!loaded.IsSuccess)
            {
                return loaded.Error;
            }

            table = loaded.Value;
        }

        var report = QualityEvaluator.Evaluate(
            rules, table, schema.Columns, previous is null ? null : DatasetMapping.FromJson<List<ColumnSchema>>(previous.Schema), previous?.Version, time.GetUtcNow());
        var json = DatasetMapping.ToJson(report);
        await db.DatasetVersions.Where(v => v.Id == versionId).ExecuteUpdateAsync(s => s.SetProperty(v => v.QualityReport, json), cancellationToken);
        return report;
    }

    /// <summary>
    /// Null when <paramref name="reference"/> may be trained on; otherwise a 400 naming the first failing blocking rule and
    /// its column (under <paramref name="field"/> in the problem's errors). A version without a report (not yet profiled,
    /// or no rules) passes.
    /// </summary>
    public async Task<Error?> CheckTrainableAsync(string dataset, int version, string field, CancellationToken cancellationToken)
    {
        var view = await GetReportAsync(dataset, version, cancellationToken);
        if (!view.IsSuccess || view.Value.Report is not { } report)
        {
            return null;
        }

        var blocking = report.Blocking.ToList();
        if (blocking.Count == 0)
        {
            return null;
        }

        var lines = blocking.Select(c => $"blocking rule {c.Rule.Describe()} fails: {c.Message}").ToArray();
        return new Error(
            ErrorCode.InvalidArgument,
            $"Dataset '{dataset}' version {version} fails {blocking.Count} blocking data-quality rule(s): " + string.Join(" ", lines) +
            $" See GET /api/v1/datasets/{dataset}/versions/{version}/quality-report.",
            new Dictionary<string, string[]> { [field] = lines });
    }

    private async Task<Result<DatasetTable>> LoadAsync(DatasetVersionRow row, DatasetSchema schema, CancellationToken cancellationToken)
    {
        if (await cache.TryReadAsync(row.Id, schema, null, cancellationToken) is { } cached)
        {
            return cached;
        }

        var opened = await artifacts.OpenReadAsync(row.ArtifactSha256, cancellationToken);
        if (!opened.IsSuccess)
        {
            return opened.Error;
        }

        await using var file = opened.Value;
        return await DatasetTableReader.ReadAsync(file, schema, null, cancellationToken);
    }

    private static QualityRuleSet Parse(string? json) => json is null ? QualityRuleSet.Empty : DatasetMapping.FromJson<QualityRuleSet>(json);
}
