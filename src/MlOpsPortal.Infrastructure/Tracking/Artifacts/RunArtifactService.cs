using Microsoft.EntityFrameworkCore;
using MlOpsPortal.Application.Artifacts;
using MlOpsPortal.Application.Audit;
using MlOpsPortal.Domain.Common;
using MlOpsPortal.Domain.Tracking;
using MlOpsPortal.Infrastructure.Audit;
using MlOpsPortal.Infrastructure.Persistence;

namespace MlOpsPortal.Infrastructure.Tracking.Artifacts;

/// <summary>One entry of a run's artifact tree. Directories have no hash; their size is the sum of their files.</summary>
public sealed record RunArtifactEntry(string Path, bool IsDir, long SizeBytes, string? Sha256, string Source, DateTimeOffset? CreatedAt)
{
    public const string Logged = "logged";
    public const string Training = "training";
}

/// <summary>A listing of <see cref="Path"/> ("" for the root) in a run's artifacts; entry paths are relative to the run's root.</summary>
public sealed record RunArtifactListing(string RunId, string ExperimentId, string RootUri, string Path, IReadOnlyList<RunArtifactEntry> Files);

/// <summary>An opened artifact: the stream verifies the SHA-256 while it is read.</summary>
public sealed record RunArtifactContent(string Path, string Sha256, long SizeBytes, Stream Content);

/// <summary>
/// A run's artifacts: files logged at relative paths (bytes in the content-addressed <see cref="IArtifactStore"/>, rows
/// in <c>run_artifacts</c>) plus the files its training job kept (<see cref="TrainingRunArtifacts"/>). Uploads stream
/// into the store before the row is written, so a failed upload leaves no row; each upload is audited.
/// </summary>
public sealed class RunArtifactService(IDbContextFactory<PortalDbContext> dbFactory, IArtifactStore store, TimeProvider time)
{
    /// <summary>More files than this in one listing is refused (a bounded read); list a subdirectory instead.</summary>
    public const int MaxListed = 10_000;

    public async Task<Result<RunArtifactEntry>> UploadAsync(Actor actor, string? runId, string? path, Stream content, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var id = TrackingTime.ParseRunId(runId);
        if (!id.IsSuccess)
        {
            return id.Error;
        }

        var valid = ArtifactPath.ValidateFile(path);
        if (!valid.IsSuccess)
        {
            return valid.Error;
        }

        var artifactPath = valid.Value;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            if (await CheckWritableAsync(db, id.Value, runId!, artifactPath, cancellationToken) is { } refused)
            {
                return refused;
            }
        }

        var stored = await store.PutAsync(content, cancellationToken);
        await using var tx = await dbFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await tx.Database.BeginTransactionAsync(cancellationToken);
        // One writer per run at a time: the file-versus-directory checks below must not race another upload.
        await tx.Database.ExecuteSqlInterpolatedAsync($"SELECT pg_advisory_xact_lock(hashtext({"run_artifacts:" + runId}))", cancellationToken);
        if (await CheckWritableAsync(tx, id.Value, runId!, artifactPath, cancellationToken) is { } conflict)
        {
            return conflict;
        }

        var existing = await tx.RunArtifacts.SingleOrDefaultAsync(a => a.RunId == id.Value && a.Path == artifactPath, cancellationToken);
        var before = existing is null ? null : new { existing.Path, existing.Sha256, existing.SizeBytes };
        var now = time.GetUtcNow();
        if (existing is null)
        {
            existing = new RunArtifactRow { RunId = id.Value, Path = artifactPath };
            tx.RunArtifacts.Add(existing);
        }

        existing.Sha256 = stored.Sha256;
        existing.SizeBytes = stored.SizeBytes;
        existing.CreatedBy = actor.Name;
        existing.CreatedAt = now;
        AuditLog.Stage(tx, new AuditRecord(actor, "run.artifact_logged", "Run", runId!, before, new { Path = artifactPath, stored.Sha256, stored.SizeBytes }), now);
        await tx.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new RunArtifactEntry(artifactPath, false, stored.SizeBytes, stored.Sha256, RunArtifactEntry.Logged, now);
    }

    /// <summary>
    /// Lists <paramref name="directory"/> of a run: its direct children, or with <paramref name="recursive"/> every file
    /// and directory beneath it. Ordered by path (ordinal). An unknown directory is an empty listing, as in MLflow.
    /// </summary>
    public async Task<Result<RunArtifactListing>> ListAsync(string? runId, string? directory, bool recursive, CancellationToken cancellationToken)
    {
        var id = TrackingTime.ParseRunId(runId);
        if (!id.IsSuccess)
        {
            return id.Error;
        }

        var dir = ArtifactPath.ValidateDirectory(directory);
        if (!dir.IsSuccess)
        {
            return dir.Error;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var run = await db.Runs.AsNoTracking().Where(r => r.Id == id.Value).Select(r => new { r.ExperimentId, r.ArtifactLocation }).SingleOrDefaultAsync(cancellationToken);
        if (run is null)
        {
            return Error.NotFound($"Run with id={runId} not found");
        }

        var prefix = dir.Value.Length == 0 ? string.Empty : dir.Value + "/";
        var logged = await db.RunArtifacts.AsNoTracking()
            .Where(a => a.RunId == id.Value && a.Path.StartsWith(prefix))
            .OrderBy(a => a.Path)
            .Take(MaxListed + 1)
            .Select(a => new RunArtifactEntry(a.Path, false, a.SizeBytes, a.Sha256, RunArtifactEntry.Logged, a.CreatedAt))
            .ToListAsync(cancellationToken);
        if (logged.Count > MaxListed)
        {
            return Error.Invalid($"'{dir.Value}' holds more than {MaxListed} artifacts; list one of its subdirectories.");
        }

        var training = (await TrainingRunArtifacts.LoadAsync(db, id.Value, cancellationToken))
            .Where(f => ArtifactPath.IsUnder(f.Path, dir.Value))
            .Select(f => new RunArtifactEntry(f.Path, false, f.SizeBytes, f.Sha256, RunArtifactEntry.Training, f.CreatedAt));
        var files = logged.Concat(training).ToList();
        var entries = recursive ? Tree(files, dir.Value) : Children(files, dir.Value);
        return new RunArtifactListing(runId!, run.ExperimentId.ToString(System.Globalization.CultureInfo.InvariantCulture), run.ArtifactLocation, dir.Value, entries);
    }

    /// <summary>Opens one file of a run for streaming; the stream throws <see cref="ArtifactCorruptedException"/> if its bytes were damaged.</summary>
    public async Task<Result<RunArtifactContent>> OpenAsync(string? runId, string? path, CancellationToken cancellationToken)
    {
        var id = TrackingTime.ParseRunId(runId);
        if (!id.IsSuccess)
        {
            return id.Error;
        }

        var valid = ArtifactPath.ValidateFile(path);
        if (!valid.IsSuccess)
        {
            return valid.Error;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (!await db.Runs.AnyAsync(r => r.Id == id.Value, cancellationToken))
        {
            return Error.NotFound($"Run with id={runId} not found");
        }

        var row = await db.RunArtifacts.AsNoTracking().SingleOrDefaultAsync(a => a.RunId == id.Value && a.Path == valid.Value, cancellationToken);
        if (row is not null)
        {
            return await OpenBlobAsync(row.Path, row.Sha256, row.SizeBytes, cancellationToken);
        }

        var training = (await TrainingRunArtifacts.LoadAsync(db, id.Value, cancellationToken)).FirstOrDefault(f => f.Path == valid.Value);
        if (training is null)
        {
            return Error.NotFound($"Run {runId} has no artifact '{valid.Value}'.");
        }

        return training.Content is { } bytes
            ? new RunArtifactContent(training.Path, training.Sha256, training.SizeBytes, new MemoryStream(bytes, writable: false))
            : await OpenBlobAsync(training.Path, training.Sha256, training.SizeBytes, cancellationToken);
    }

    /// <summary>The experiment id of a run (for MLflow proxy paths, which name both).</summary>
    public async Task<Result<string>> ExperimentOfAsync(string? runId, CancellationToken cancellationToken)
    {
        var id = TrackingTime.ParseRunId(runId);
        if (!id.IsSuccess)
        {
            return id.Error;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var experiment = await db.Runs.AsNoTracking().Where(r => r.Id == id.Value).Select(r => (long?)r.ExperimentId).SingleOrDefaultAsync(cancellationToken);
        return experiment is { } e ? e.ToString(System.Globalization.CultureInfo.InvariantCulture) : Error.NotFound($"Run with id={runId} not found");
    }

    private async Task<Result<RunArtifactContent>> OpenBlobAsync(string path, string sha256, long size, CancellationToken cancellationToken)
    {
        var opened = await store.OpenReadAsync(sha256, cancellationToken);
        return opened.IsSuccess ? new RunArtifactContent(path, sha256, size, opened.Value) : opened.Error;
    }

    private static async Task<Error?> CheckWritableAsync(PortalDbContext db, Guid runId, string runText, string path, CancellationToken cancellationToken)
    {
        var stage = await db.Runs.AsNoTracking().Where(r => r.Id == runId).Select(r => r.LifecycleStage).SingleOrDefaultAsync(cancellationToken);
        if (stage is null)
        {
            return Error.NotFound($"Run with id={runText} not found");
        }

        if (stage != LifecycleStage.Active)
        {
            return Error.InvalidState($"The run {runText} must be in the 'active' state. Current state is {stage}.");
        }

        var training = await TrainingRunArtifacts.LoadAsync(db, runId, cancellationToken);
        if (training.Any(f => f.Path == path || ArtifactPath.IsUnder(f.Path, path) || ArtifactPath.IsUnder(path, f.Path)))
        {
            return Error.Conflict($"'{path}' is kept by the run's training job and cannot be overwritten.");
        }

        var directoryPrefix = path + "/";
        if (await db.RunArtifacts.AnyAsync(a => a.RunId == runId && a.Path.StartsWith(directoryPrefix), cancellationToken))
        {
            return Error.Conflict($"'{path}' is a directory of this run's artifacts; choose a file path.");
        }

        var ancestors = Ancestors(path).ToList();
        if (ancestors.Count > 0 && await db.RunArtifacts.AnyAsync(a => a.RunId == runId && ancestors.Contains(a.Path), cancellationToken))
        {
            return Error.Conflict($"A parent of '{path}' is already a file in this run's artifacts.");
        }

        return null;
    }

    private static IEnumerable<string> Ancestors(string path)
    {
        for (var parent = ArtifactPath.Parent(path); parent.Length > 0; parent = ArtifactPath.Parent(parent))
        {
            yield return parent;
        }
    }

    /// <summary>Direct children of <paramref name="dir"/>: its files, and one entry per subdirectory (size: its files' total).</summary>
    private static List<RunArtifactEntry> Children(List<RunArtifactEntry> files, string dir)
    {
        var start = dir.Length == 0 ? 0 : dir.Length + 1;
        return files
            .GroupBy(f => f.Path.IndexOf('/', start) is var slash and >= 0 ? f.Path[..slash] : f.Path, StringComparer.Ordinal)
            .Select(g => g.Count() == 1 && g.First().Path == g.Key
                ? g.First()
                : new RunArtifactEntry(g.Key, true, g.Sum(f => f.SizeBytes), null, g.All(f => f.Source == RunArtifactEntry.Training) ? RunArtifactEntry.Training : RunArtifactEntry.Logged, null))
            .OrderBy(e => e.Path, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>Every file and directory beneath <paramref name="dir"/>, in path order (a directory before its contents).</summary>
    private static List<RunArtifactEntry> Tree(List<RunArtifactEntry> files, string dir)
    {
        // One pass over each file's ancestors: size and source of every directory, O(files x depth).
        var directories = new Dictionary<string, (long Size, bool AllTraining)>(StringComparer.Ordinal);
        foreach (var file in files)
        {
            foreach (var ancestor in Ancestors(file.Path).Where(d => ArtifactPath.IsUnder(d, dir)))
            {
                var (size, allTraining) = directories.GetValueOrDefault(ancestor, (0, true));
                directories[ancestor] = (size + file.SizeBytes, allTraining && file.Source == RunArtifactEntry.Training);
            }
        }

        return files
            .Concat(directories.Select(d => new RunArtifactEntry(d.Key, true, d.Value.Size, null, d.Value.AllTraining ? RunArtifactEntry.Training : RunArtifactEntry.Logged, null)))
            .OrderBy(e => e.Path, StringComparer.Ordinal)
            .ToList();
    }
}
