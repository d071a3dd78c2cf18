using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using MlOpsPortal.Application.Artifacts;
using MlOpsPortal.Application.Datasets;
using MlOpsPortal.Domain.Common;
using MlOpsPortal.Infrastructure.Persistence;

namespace MlOpsPortal.Infrastructure.Datasets;

/// <summary>
/// The typed column cache of dataset versions (ADR 0006): a dataset version parsed under its current schema, stored once
/// as a <see cref="DatasetTableCodec"/> blob in the artifact store and found through <c>dataset_column_caches</c>. Jobs
/// that load a whole version (training, evaluation, explanations, drift) read it instead of parsing the CSV again.
/// The cache is an optimisation only: a missing, unreadable or damaged blob is logged and the caller parses the CSV.
/// </summary>
public sealed class DatasetColumnCache(
    IDbContextFactory<PortalDbContext> dbFactory, IArtifactStore artifacts, TimeProvider time, ILogger<DatasetColumnCache> logger)
{
    /// <summary>Versions whose cache blob would exceed this many bytes are not cached (a job loads those from the CSV).</summary>
    public const long MaxBytes = 1L << 30;

    /// <summary>Lowercase hex SHA-256 of the codec version, the CSV format and the column schema.</summary>
    public static string SchemaKey(DatasetSchema schema)
    {
        ArgumentNullException.ThrowIfNull(schema);
        var text = "MLCOLS01\n" + DatasetMapping.ToJson(schema.Format) + "\n" + DatasetMapping.ToJson(schema.Columns.Select(c => c with { Pii = null }).ToList());
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }

    /// <summary>The bytes a cache blob of this shape takes, roughly (8 per number, 4 per text cell).</summary>
    public static long EstimateBytes(long rows, DatasetSchema schema)
    {
        ArgumentNullException.ThrowIfNull(schema);
        return rows * schema.Columns.Sum(c => c.Type is ColumnType.Numeric or ColumnType.Boolean ? 8L : 4L);
    }

    /// <summary>The cached table of a version (only <paramref name="columns"/> when given), or null on a miss.</summary>
    public async Task<DatasetTable?> TryReadAsync(Guid versionId, DatasetSchema schema, IReadOnlyCollection<string>? columns, CancellationToken cancellationToken)
    {
        var key = SchemaKey(schema);
        string? address;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            address = await db.DatasetColumnCaches.AsNoTracking()
                .Where(c => c.DatasetVersionId == versionId && c.SchemaKey == key)
                .Select(c => c.ArtifactSha256)
                .FirstOrDefaultAsync(cancellationToken);
        }

        if (address is null)
        {
            return null;
        }

        var opened = await artifacts.OpenReadAsync(address, cancellationToken);
        if (!opened.IsSuccess)
        {
            logger.LogWarning("Dataset version {VersionId}: column cache {Sha256} unreadable ({Reason}); reading the CSV", versionId, address, opened.Error.Message);
            return null;
        }

        try
        {
            await using var blob = opened.Value;
            var table = await DatasetTableCodec.ReadAsync(blob, columns, cancellationToken);
            if (table.IsSuccess)
            {
                return table.Value;
            }

            logger.LogWarning("Dataset version {VersionId}: column cache {Sha256} rejected ({Reason}); reading the CSV", versionId, address, table.Error.Message);
        }
        catch (IOException e)
        {
            logger.LogWarning(e, "Dataset version {VersionId}: column cache {Sha256} damaged; reading the CSV", versionId, address);
        }

        return null;
    }

    /// <summary>Stores <paramref name="table"/> (a whole version under <paramref name="schema"/>) unless too large or already cached.</summary>
    public async Task StoreAsync(Guid versionId, DatasetSchema schema, DatasetTable table, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(table);
        if (EstimateBytes(table.RowCount, schema) > MaxBytes)
        {
            return;
        }

        var key = SchemaKey(schema);
        var temp = Path.Combine(Path.GetTempPath(), $"mlops-columns-{Guid.NewGuid():N}.bin");
        StoredArtifact stored;
        await using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 16, FileOptions.DeleteOnClose))
        {
            DatasetTableCodec.Write(table, file);
            file.Position = 0;
            stored = await artifacts.PutAsync(file, cancellationToken);
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var now = time.GetUtcNow();
        await db.Database.ExecuteSqlInterpolatedAsync(
            $"""
            INSERT INTO dataset_column_caches ("DatasetVersionId", "SchemaKey", "ArtifactSha256", "SizeBytes", "CreatedAt")
            VALUES ({versionId}, {key}, {stored.Sha256}, {stored.SizeBytes}, {now})
            ON CONFLICT DO NOTHING
            """,
            cancellationToken);
    }

    /// <summary>
    /// <see cref="StoreAsync"/> that never fails its caller: a failure (disk full, bucket down) is logged and the version
    /// stays uncached. Cancellation still propagates.
    /// </summary>
    public async Task<bool> TryStoreAsync(Guid versionId, DatasetSchema schema, DatasetTable table, CancellationToken cancellationToken)
    {
        try
        {
            await StoreAsync(versionId, schema, table, cancellationToken);
            return true;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning(e, "Dataset version {VersionId}: the column cache could not be stored", versionId);
            return false;
        }
    }

    /// <summary>Whether a version has a cache entry under <paramref name="schema"/>.</summary>
    public async Task<bool> ExistsAsync(Guid versionId, DatasetSchema schema, CancellationToken cancellationToken)
    {
        var key = SchemaKey(schema);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.DatasetColumnCaches.AnyAsync(c => c.DatasetVersionId == versionId && c.SchemaKey == key, cancellationToken);
    }

    /// <summary>Reads a whole version from its CSV and caches it (the profile job's last step after an upload).</summary>
    public async Task<Result<bool>> WarmAsync(Guid versionId, DatasetSchema schema, string csvSha256, long rows, CancellationToken cancellationToken)
    {
        if (EstimateBytes(rows, schema) > MaxBytes || await ExistsAsync(versionId, schema, cancellationToken))
        {
            return false;
        }

        var opened = await artifacts.OpenReadAsync(csvSha256, cancellationToken);
        if (!opened.IsSuccess)
        {
            return opened.Error;
        }

        Result<DatasetTable> table;
        await using (var file = opened.Value)
        {
            table = await DatasetTableReader.ReadAsync(file, schema, null, cancellationToken);
        }

        if (!table.IsSuccess)
        {
            return table.Error;
        }

        return await TryStoreAsync(versionId, schema, table.Value, cancellationToken)
            ? true
            : Error.InvalidState("storing it failed (the portal log has the reason)");
    }
}
