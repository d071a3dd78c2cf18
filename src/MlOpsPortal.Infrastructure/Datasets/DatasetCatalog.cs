using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MlOpsPortal.Application.Artifacts;
using MlOpsPortal.Application.Audit;
using MlOpsPortal.Application.Datasets;
using MlOpsPortal.Application.Jobs;
using MlOpsPortal.Domain.Common;
using MlOpsPortal.Infrastructure.Audit;
using MlOpsPortal.Infrastructure.Jobs;
using MlOpsPortal.Infrastructure.Persistence;
using Npgsql;

namespace MlOpsPortal.Infrastructure.Datasets;

/// <summary>
/// Writes of the dataset catalogue. Upload: stream into the artifact store (size-limited, hashed), return the existing
/// version if that content is registered under the name, else ingest the stored file and — only if it is valid —
/// insert the version (next number), its audit entry and its profile job in one transaction. Races between uploads are
/// settled by the unique indexes on (dataset, version) and (dataset, sha256): the loser re-reads and retries.
/// </summary>
internal sealed partial class DatasetCatalog(
    IDbContextFactory<PortalDbContext> dbFactory,
    IArtifactStore artifacts,
    IJobScheduler jobs,
    IOptions<DatasetOptions> options,
    TimeProvider time,
    ILogger<DatasetCatalog> logger) : IDatasetCatalog
{
    private const int MaxRaceRetries = 5;

    public async Task<Result<UploadOutcome>> UploadAsync(string name, Stream content, CsvOptions csv, Actor actor, CancellationToken cancellationToken)
    {
        if (DatasetNames.Validate(name) is { } invalid)
        {
            return invalid;
        }

        var stored = await StoreAsync(content, cancellationToken);
        return stored.IsSuccess ? await RegisterAsync(name, stored.Value, csv, actor, cancellationToken) : stored.Error;
    }

    public async Task<Result<StoredArtifact>> StoreAsync(Stream content, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        var limit = options.Value.MaxUploadBytes;
        try
        {
            return await artifacts.PutAsync(new UploadLimitStream(content, limit), cancellationToken);
        }
        catch (UploadLimitExceededException)
        {
            return CsvErrors.TooLarge(limit);
        }
    }

    public async Task<Result<UploadOutcome>> RegisterAsync(string name, StoredArtifact stored, CsvOptions csv, Actor actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stored);
        ArgumentNullException.ThrowIfNull(csv);
        ArgumentNullException.ThrowIfNull(actor);
        if (DatasetNames.Validate(name) is { } invalid)
        {
            return invalid;
        }

        var existing = await FindByContentAsync(name, stored.Sha256, cancellationToken);
        if (existing is not null)
        {
            return new UploadOutcome(existing, Created: false);
        }

        var opened = await artifacts.OpenReadAsync(stored.Sha256, cancellationToken);
        if (!opened.IsSuccess)
        {
            return opened.Error;
        }

        Result<CsvIngestion> ingested;
        await using (var file = opened.Value)
        {
            ingested = await CsvIngestor.IngestAsync(file, csv with { MaxSizeBytes = options.Value.MaxUploadBytes }, cancellationToken);
        }

        if (!ingested.IsSuccess)
        {
            LogRejected(name, ingested.Error.Message);
            return ingested.Error;
        }

        return await InsertVersionAsync(name, stored, ingested.Value, actor, cancellationToken);
    }

    private async Task<Result<UploadOutcome>> InsertVersionAsync(string name, StoredArtifact stored, CsvIngestion ingestion, Actor actor, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            var now = time.GetUtcNow();
            var dataset = await db.Datasets.FirstOrDefaultAsync(d => d.Name == name, cancellationToken);
            if (dataset is null)
            {
                dataset = new DatasetRow { Id = Guid.NewGuid(), Name = name, Owner = actor.Name, OwnerUserId = actor.UserId, CreatedAt = now };
                db.Datasets.Add(dataset);
                AuditLog.Stage(db, new AuditRecord(actor, "dataset.created", "dataset", name, null, new { dataset.Name, dataset.Owner }), now);
            }
            else if (await db.DatasetVersions.AnyAsync(v => v.DatasetId == dataset.Id && v.Sha256 == ingestion.Sha256, cancellationToken))
            {
                return new UploadOutcome((await FindByContentAsync(name, ingestion.Sha256, cancellationToken))!, Created: false);
            }

            var next = 1 + (await db.DatasetVersions.Where(v => v.DatasetId == dataset.Id).MaxAsync(v => (int?)v.Version, cancellationToken) ?? 0);
            var row = NewVersion(dataset.Id, next, stored, ingestion, actor, now);
            db.DatasetVersions.Add(row);
            var job = DatasetMapping.ProfileJob(row.ProfileJobId!.Value, row.Id, $"{name} v{next}", actor);
            JobMapping.Stage(db, job, now);
            AuditLog.Stage(db, new AuditRecord(actor, "dataset.version_registered", "dataset_version", $"{name}/{next}", null,
                new { Dataset = name, Version = next, row.Sha256, row.Rows, row.SizeBytes }), now);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateException ex) when (ex.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation } && attempt < MaxRaceRetries)
            {
                // Another upload registered the name, this content or this version number first: re-read and decide again.
                continue;
            }

            LogRegistered(name, next, row.Sha256, row.Rows);
            await jobs.EnqueueAsync(job, cancellationToken);
            return new UploadOutcome(DatasetMapping.ToDetail(name, row, JobStatus.Queued), Created: true);
        }
    }

    private static DatasetVersionRow NewVersion(Guid datasetId, int version, StoredArtifact stored, CsvIngestion ingestion, Actor actor, DateTimeOffset now) => new()
    {
        Id = Guid.NewGuid(),
        DatasetId = datasetId,
        Version = version,
        Sha256 = ingestion.Sha256,
        ArtifactSha256 = stored.Sha256,
        SizeBytes = ingestion.SizeBytes,
        Rows = ingestion.RowCount,
        Format = DatasetMapping.ToJson(ingestion.Format),
        Ingestion = DatasetMapping.ToJson(ingestion),
        InferredSchema = DatasetMapping.ToJson(ingestion.InferredColumns),
        Schema = DatasetMapping.ToJson(ingestion.InferredColumns),
        ProfileJobId = Guid.NewGuid(),
        CreatedBy = actor.Name,
        CreatedByUserId = actor.UserId,
        CreatedAt = now,
    };

    public async Task<Result<DatasetVersionDetail>> UpdateSchemaAsync(
        string name, int version, IReadOnlyDictionary<string, ColumnType> types, Actor actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(types);
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

        var ingestion = DatasetMapping.FromJson<CsvIngestion>(row.Ingestion);
        var current = DatasetMapping.FromJson<List<ColumnSchema>>(row.Schema);
        var merged = current.ToDictionary(c => c.Name, c => c.Type, StringComparer.OrdinalIgnoreCase);
        var unknown = types.Keys.Where(k => !merged.ContainsKey(k)).ToList();
        if (unknown.Count > 0)
        {
            return Error.Invalid($"There is no column '{unknown[0]}' in '{name}' version {version}.");
        }

        foreach (var (column, type) in types)
        {
            merged[column] = type;
        }

        var applied = SchemaOverrides.Apply(ingestion, merged);
        if (!applied.IsSuccess)
        {
            return applied.Error;
        }

        var now = time.GetUtcNow();
        var changed = applied.Value.Columns.Where(c => current.Single(o => o.Name == c.Name).Type != c.Type).ToList();
        if (changed.Count > 0)
        {
            row.Schema = DatasetMapping.ToJson(applied.Value.Columns);
            row.Profile = null;
            row.ProfileJobId = Guid.NewGuid();
            // Written even if it was null when read: a profile job of the old schema may have stored one since.
            db.Entry(row).Property(v => v.Profile).IsModified = true;
            var job = DatasetMapping.ProfileJob(row.ProfileJobId.Value, row.Id, $"{name} v{version}", actor);
            JobMapping.Stage(db, job, now);
            AuditLog.Stage(db, new AuditRecord(actor, "dataset.schema_changed", "dataset_version", $"{name}/{version}",
                current.Where(c => changed.Any(n => n.Name == c.Name)), changed), now);
            await db.SaveChangesAsync(cancellationToken);
            await jobs.EnqueueAsync(job, cancellationToken);
        }

        return await GetVersionAsync(name, version, cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Upload to dataset {Dataset} rejected: {Reason}")]
    private partial void LogRejected(string dataset, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Registered dataset {Dataset} version {Version} ({Sha256}, {Rows} rows)")]
    private partial void LogRegistered(string dataset, int version, string sha256, long rows);
}
