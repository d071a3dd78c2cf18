using Microsoft.EntityFrameworkCore;
using MlOpsPortal.Application.Audit;
using MlOpsPortal.Application.Datasets;
using MlOpsPortal.Domain.Common;
using MlOpsPortal.Infrastructure.Audit;
using MlOpsPortal.Infrastructure.Jobs;

namespace MlOpsPortal.Infrastructure.Datasets;

/// <summary>
/// Renaming columns: the file is read by position, so a version's names live only in its stored format, ingestion
/// summary, schemas and profile; all are renamed together, and the profile is recomputed under the new names (a profile
/// job still running under the old ones is superseded, as with type corrections).
/// </summary>
internal sealed partial class DatasetCatalog
{
    private const int MaxColumnName = 256;

    public async Task<Result<DatasetVersionDetail>> RenameColumnsAsync(
        string name, int version, IReadOnlyDictionary<string, string> renames, Actor actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(renames);
        ArgumentNullException.ThrowIfNull(actor);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var row = await (from v in db.DatasetVersions
                         join d in db.Datasets on v.DatasetId equals d.Id
                         where d.Name == name && v.Version == version
                         select v).FirstOrDefaultAsync(cancellationToken);
        if (row is null)
        {
            return Error.NotFound($"Dataset '{name}' has no version {version}.");
        }

        var current = DatasetMapping.FromJson<List<ColumnSchema>>(row.Schema);
        var checkedNames = CheckRenames(current.Select(c => c.Name).ToList(), renames, name, version);
        if (!checkedNames.IsSuccess)
        {
            return checkedNames.Error;
        }

        var map = checkedNames.Value;
        if (map.Count == 0)
        {
            return await GetVersionAsync(name, version, cancellationToken);
        }

        string Renamed(string column) => map.TryGetValue(column, out var to) ? to : column;
        var format = DatasetMapping.FromJson<CsvFormat>(row.Format);
        format = format with { ColumnNames = [.. format.ColumnNames.Select(Renamed)] };
        var ingestion = DatasetMapping.FromJson<CsvIngestion>(row.Ingestion);
        ingestion = ingestion with { Format = format, Columns = [.. ingestion.Columns.Select(c => c with { Name = Renamed(c.Name) })] };
        row.Format = DatasetMapping.ToJson(format);
        row.Ingestion = DatasetMapping.ToJson(ingestion);
        row.InferredSchema = DatasetMapping.ToJson(DatasetMapping.FromJson<List<ColumnSchema>>(row.InferredSchema).Select(c => c with { Name = Renamed(c.Name) }).ToList());
        row.Schema = DatasetMapping.ToJson(current.Select(c => c with { Name = Renamed(c.Name) }).ToList());
        row.Profile = null;
        row.ProfileJobId = Guid.NewGuid();
        db.Entry(row).Property(v => v.Profile).IsModified = true;
        var now = time.GetUtcNow();
        var job = DatasetMapping.ProfileJob(row.ProfileJobId.Value, row.Id, $"{name} v{version}", actor);
        JobMapping.Stage(db, job, now);
        AuditLog.Stage(db, new AuditRecord(actor, "dataset.columns_renamed", "dataset_version", $"{name}/{version}",
            map.Keys.ToList(), map.Values.ToList()), now);
        await db.SaveChangesAsync(cancellationToken);
        await jobs.EnqueueAsync(job, cancellationToken);
        return await GetVersionAsync(name, version, cancellationToken);
    }

    /// <summary>Old → new names that actually change; an error names the first column that cannot be renamed so.</summary>
    private static Result<Dictionary<string, string>> CheckRenames(
        IReadOnlyList<string> columns, IReadOnlyDictionary<string, string> renames, string name, int version)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (from, to) in renames)
        {
            if (!columns.Contains(from, StringComparer.Ordinal))
            {
                return Error.Invalid($"There is no column '{from}' in '{name}' version {version}.");
            }

            var trimmed = to?.Trim() ?? string.Empty;
            if (trimmed.Length == 0 || trimmed.Length > MaxColumnName)
            {
                return new Error(ErrorCode.InvalidArgument, $"Column '{from}' needs a name of 1 to {MaxColumnName} characters.",
                    new Dictionary<string, string[]> { ["column"] = [from] });
            }

            if (!string.Equals(from, trimmed, StringComparison.Ordinal))
            {
                map[from] = trimmed;
            }
        }

        var after = columns.Select(c => map.TryGetValue(c, out var to) ? to : c).ToList();
        var duplicate = after.GroupBy(n => n, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
        return duplicate is null
            ? map
            : new Error(ErrorCode.InvalidArgument, $"Two columns would be named '{duplicate.Key}'.", new Dictionary<string, string[]> { ["column"] = [duplicate.Key] });
    }
}
