using Microsoft.EntityFrameworkCore;
using MlOpsPortal.Domain.Common;
using MlOpsPortal.Domain.Registry;
using MlOpsPortal.Infrastructure.Persistence;

namespace MlOpsPortal.Infrastructure.Registry;

/// <summary>Model versions: registration from an uploaded ONNX file or model package, lineage, metrics, tags, download.</summary>
public sealed partial class RegistryService
{
    /// <summary>
    /// Stores the file content-addressed, loads it in ONNX Runtime and records the next version: READY with the graph's
    /// signature, or FAILED_REGISTRATION with ORT's reason (then the result is an InvalidArgument error naming both).
    /// </summary>
    public async Task<Result<VersionInfo>> CreateVersionAsync(RegistryCaller caller, string name, UploadedModel upload, VersionLineage lineage, CancellationToken cancellationToken)
    {
        if (upload.Content.LongLength > MaxUploadBytes)
        {
            return new Error(ErrorCode.PayloadTooLarge, $"The model file is larger than the {MaxUploadBytes} byte limit.");
        }

        if (ValidateLineage(lineage) is { } invalid)
        {
            return invalid;
        }

        var inspected = await inspector.InspectAsync(upload, cancellationToken);
        if (!inspected.IsSuccess)
        {
            return inspected.Error;
        }

        var found = inspected.Value;
        using var content = new MemoryStream(upload.Content, writable: false);
        var stored = await artifacts.PutAsync(content, cancellationToken);
        var datasets = lineage.DatasetVersions?.ToList() ?? [];
        if (datasets.Count == 0 && found.DatasetVersion is { Length: > 0 } packaged)
        {
            var at = packaged.LastIndexOfAny(['@', ':']);
            datasets.Add(at > 0 ? new LineageDatasetRef(packaged[..at], packaged[(at + 1)..]) : new LineageDatasetRef(packaged, string.Empty));
        }

        var version = new ModelVersion
        {
            Status = found.Valid ? ModelVersionStatus.Ready : ModelVersionStatus.FailedRegistration,
            StatusMessage = found.Failure,
            Format = upload.IsPackage ? "package" : "onnx",
            Source = "upload:" + upload.FileName,
            FileName = Path.GetFileName(upload.FileName),
            ArtifactSha256 = stored.Sha256,
            ArtifactSize = stored.SizeBytes,
            OnnxSha256 = found.OnnxSha256,
            Signature = found.Signature,
            RunId = lineage.RunId ?? found.RunId,
            DatasetVersions = datasets,
        };
        var created = await AddVersionAsync(caller, name, version, lineage, cancellationToken);
        if (!created.IsSuccess || found.Valid)
        {
            return created;
        }

        return Error.Invalid($"{found.Failure} Version {created.Value.Version} of '{name}' was recorded as FAILED_REGISTRATION.");
    }

    /// <summary>Registers a version whose artifact lives outside the portal (MLflow <c>model-versions/create</c> with a source URI).</summary>
    public Task<Result<VersionInfo>> CreateExternalVersionAsync(RegistryCaller caller, string name, string? source, VersionLineage lineage, CancellationToken cancellationToken)
    {
        if (ValidateLineage(lineage) is { } invalid)
        {
            return Task.FromResult(Result<VersionInfo>.Fail(invalid));
        }

        var version = new ModelVersion
        {
            Status = ModelVersionStatus.Ready,
            StatusMessage = "Registered from an external source; the portal holds no copy and did not validate it.",
            Format = "external",
            Source = source,
            RunId = lineage.RunId,
            DatasetVersions = lineage.DatasetVersions?.ToList() ?? [],
        };
        return AddVersionAsync(caller, name, version, lineage, cancellationToken);
    }

    public async Task<Result<VersionInfo>> GetVersionAsync(string name, int version, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var found = await FindVersionAsync(db, name, version, tracking: false, cancellationToken);
        if (!found.IsSuccess)
        {
            return found.Error;
        }

        var aliases = await db.Set<ModelAlias>().AsNoTracking().Where(a => a.VersionId == found.Value.Version.Id).ToListAsync(cancellationToken);
        return ToInfo(name, found.Value.Version, aliases);
    }

    /// <summary>Versions filtered by model name and/or run id, newest first (keyset by id).</summary>
    public async Task<IReadOnlyList<VersionInfo>> SearchVersionsAsync(string? name, string? runId, int skip, int take, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var rows = db.Set<ModelVersion>().AsNoTracking()
            .Join(db.Set<RegisteredModel>(), v => v.ModelId, m => m.Id, (v, m) => new { v, m.Name });
        if (name is not null)
        {
            rows = rows.Where(r => r.Name == name);
        }

        if (runId is not null)
        {
            rows = rows.Where(r => r.v.RunId == runId);
        }

        var page = await rows.OrderBy(r => r.Name).ThenByDescending(r => r.v.Version).Skip(Math.Max(0, skip)).Take(Math.Clamp(take, 1, 1000)).ToListAsync(cancellationToken);
        var ids = page.Select(p => p.v.Id).ToList();
        var aliases = await db.Set<ModelAlias>().AsNoTracking().Where(a => ids.Contains(a.VersionId)).ToListAsync(cancellationToken);
        return page.Select(p => ToInfo(p.Name, p.v, aliases)).ToList();
    }

    public async Task<Result<bool>> DeleteVersionAsync(RegistryCaller caller, string name, int version, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var found = await FindVersionAsync(db, name, version, tracking: true, cancellationToken);
        if (!found.IsSuccess)
        {
            return found.Error;
        }

        var (model, v) = found.Value;
        var aliases = await db.Set<ModelAlias>().Where(a => a.VersionId == v.Id).Select(a => a.Alias).ToListAsync(cancellationToken);
        if (aliases.Any(a => AliasRules.IsProtected(a, ProtectedAliases)))
        {
            return Error.InvalidState($"Version {version} of '{name}' holds a protected alias ({string.Join(", ", aliases)}); promote another version first.");
        }

        var now = time.GetUtcNow();
        db.Set<ModelVersion>().Remove(v);
        RegistryJournal.History(db, model, caller.Actor, now, "model_version.deleted", $"Version {version} deleted.", version);
        RegistryJournal.Audit(db, caller.Actor, now, "version.deleted", "ModelVersion", $"{name}/{version}", new { v.Version, v.ArtifactSha256, aliases }, null);
        await db.SaveChangesAsync(cancellationToken);
        notifier.Notify();
        return true;
    }

    /// <summary>Opens the version's stored artifact for download (checksum-verified while read).</summary>
    public async Task<Result<(Stream Content, string FileName)>> OpenDownloadAsync(string name, int version, CancellationToken cancellationToken)
    {
        var info = await GetVersionAsync(name, version, cancellationToken);
        if (!info.IsSuccess)
        {
            return info.Error;
        }

        if (info.Value.ArtifactSha256 is not { } sha)
        {
            return Error.NotFound($"Version {version} of '{name}' has no artifact stored in the portal (source: {info.Value.Source}).");
        }

        var stream = await artifacts.OpenReadAsync(sha, cancellationToken);
        if (!stream.IsSuccess)
        {
            return stream.Error;
        }

        var fileName = info.Value.FileName ?? (info.Value.Format == "package" ? "model-package.zip" : "model.onnx");
        return (stream.Value, fileName);
    }

    internal static async Task<Result<(RegisteredModel Model, ModelVersion Version)>> FindVersionAsync(PortalDbContext db, string name, int version, bool tracking, CancellationToken cancellationToken)
    {
        var models = tracking ? db.Set<RegisteredModel>() : db.Set<RegisteredModel>().AsNoTracking();
        var model = await models.SingleOrDefaultAsync(m => m.Name == name, cancellationToken);
        if (model is null)
        {
            return ModelNotFound(name);
        }

        var versions = tracking ? db.Set<ModelVersion>() : db.Set<ModelVersion>().AsNoTracking();
        var v = await versions.SingleOrDefaultAsync(x => x.ModelId == model.Id && x.Version == version, cancellationToken);
        return v is null ? Error.NotFound($"Version {version} of registered model '{name}' not found.") : (model, v);
    }

    internal static VersionInfo ToInfo(string model, ModelVersion v, IEnumerable<ModelAlias> aliases) => new(
        model, v.Version, v.Status.ToMlflow(), v.StatusMessage, v.Format, v.Source, v.FileName, v.ArtifactSha256, v.ArtifactSize, v.OnnxSha256,
        v.Signature, v.RunId, v.DatasetVersions, v.Params, v.Metrics, v.Tags, v.Description,
        aliases.Where(a => a.VersionId == v.Id).Select(a => a.Alias).Order(StringComparer.Ordinal).ToList(),
        v.CardStatus, v.CreatedBy, v.CreatedAt, v.UpdatedAt);

    private async Task<Result<VersionInfo>> AddVersionAsync(RegistryCaller caller, string name, ModelVersion version, VersionLineage lineage, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await using var tx = await db.Database.BeginTransactionAsync(cancellationToken);
        // The model row lock serialises version numbering per model.
        var model = await db.Set<RegisteredModel>().FromSql($"SELECT * FROM registered_models WHERE \"Name\" = {name} FOR UPDATE").SingleOrDefaultAsync(cancellationToken);
        if (model is null)
        {
            return ModelNotFound(name);
        }

        var now = time.GetUtcNow();
        version.ModelId = model.Id;
        version.Version = (await db.Set<ModelVersion>().Where(v => v.ModelId == model.Id).MaxAsync(v => (int?)v.Version, cancellationToken) ?? 0) + 1;
        version.Params = lineage.Params?.ToDictionary() ?? [];
        version.Metrics = lineage.Metrics?.ToDictionary() ?? [];
        version.Tags = lineage.Tags?.ToDictionary() ?? [];
        version.Description = lineage.Description;
        version.CreatedBy = caller.UserName;
        version.CreatedByUserId = caller.UserId;
        version.CreatedAt = now;
        version.UpdatedAt = now;
        version.CardStatus = ModelCardStatus.Draft;
        db.Set<ModelVersion>().Add(version);
        model.UpdatedAt = now;
        var status = version.Status.ToMlflow();
        RegistryJournal.History(db, model, caller.Actor, now, RegistryEvents.ModelVersionCreated,
            $"Version {version.Version} registered ({version.Format}, {status}){(version.StatusMessage is null ? string.Empty : ": " + version.StatusMessage)}.", version.Version);
        RegistryJournal.Audit(db, caller.Actor, now, "version.created", "ModelVersion", $"{name}/{version.Version}", null,
            new { version.Version, status, version.Format, version.ArtifactSha256, version.RunId, version.DatasetVersions, version.StatusMessage });
        await RegistryJournal.WebhookAsync(db, RegistryEvents.ModelVersionCreated,
            new { name, version = version.Version, status, sha256 = version.ArtifactSha256, run_id = version.RunId, created_by = caller.UserName }, now, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await tx.CommitAsync(cancellationToken);
        notifier.Notify();
        return ToInfo(name, version, []);
    }

    private async Task<Result<VersionInfo>> MutateVersionAsync(RegistryCaller caller, string name, int version, string action, Func<ModelVersion, Error?> change, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var found = await FindVersionAsync(db, name, version, tracking: true, cancellationToken);
        if (!found.IsSuccess)
        {
            return found.Error;
        }

        var (model, v) = found.Value;
        var before = new { v.Description, v.Metrics, v.Tags };
        if (change(v) is { } error)
        {
            return error;
        }

        var now = time.GetUtcNow();
        v.UpdatedAt = now;
        RegistryJournal.History(db, model, caller.Actor, now, action, $"Version {version}: {action.Replace("version.", string.Empty, StringComparison.Ordinal).Replace('_', ' ')}.", version);
        RegistryJournal.Audit(db, caller.Actor, now, action, "ModelVersion", $"{name}/{version}", before, new { v.Description, v.Metrics, v.Tags });
        await db.SaveChangesAsync(cancellationToken);
        notifier.Notify();
        return await GetVersionAsync(name, version, cancellationToken);
    }

    private static Error? ValidateLineage(VersionLineage lineage)
    {
        if (lineage.RunId is { Length: > 256 })
        {
            return Error.Invalid("run id must be at most 256 characters.");
        }

        if (lineage.DatasetVersions?.Any(d => string.IsNullOrWhiteSpace(d.Name) || d.Name.Length > 256 || (d.Version?.Length ?? 0) > 128) == true)
        {
            return Error.Invalid("Each dataset version needs a name (≤ 256 characters) and a version (≤ 128).");
        }

        if (lineage.Metrics?.Any(m => !double.IsFinite(m.Value)) == true)
        {
            return Error.Invalid("Metric values must be finite numbers.");
        }

        return ValidateTags(lineage.Tags) ?? ValidateTags(lineage.Params);
    }
}
