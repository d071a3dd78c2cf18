using System.Globalization;
using Microsoft.EntityFrameworkCore;
using MlOpsPortal.Application.Audit;
using MlOpsPortal.Domain.Common;
using MlOpsPortal.Domain.Tracking;
using MlOpsPortal.Infrastructure.Audit;
using MlOpsPortal.Infrastructure.Persistence;

namespace MlOpsPortal.Infrastructure.Tracking;

public sealed record CreateRun(string? ExperimentId, string? UserId, string? RunName, long? StartTime, IReadOnlyList<KeyValue>? Tags, string Source = RunSource.External);

/// <summary>Runs: create, read, update status/name, delete (archive), restore, tags. Lifecycle changes are audited.</summary>
public sealed class RunService(IDbContextFactory<PortalDbContext> dbFactory, TimeProvider time)
{
    private static readonly string[] Adjectives = ["amber", "bold", "calm", "deft", "eager", "fair", "glad", "keen", "lucid", "merry", "noble", "quick", "sly", "tidy", "vivid", "wise"];
    private static readonly string[] Nouns = ["ant", "bear", "crow", "deer", "eel", "fox", "gull", "hawk", "ibis", "lynx", "mole", "newt", "owl", "pike", "seal", "wren"];

    public async Task<Result<RunDto>> CreateAsync(Actor actor, CreateRun request, CancellationToken cancellationToken)
    {
        var experimentId = TrackingTime.ParseExperimentId(request.ExperimentId);
        if (!experimentId.IsSuccess)
        {
            return experimentId.Error;
        }

        var tags = (request.Tags ?? []).GroupBy(t => t.Key).Select(g => g.Last()).ToList();
        foreach (var tag in tags)
        {
            if (TrackingLimits.ValidateTag(tag.Key, tag.Value) is { } bad)
            {
                return bad;
            }
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var experiment = await db.Experiments.AsNoTracking().SingleOrDefaultAsync(e => e.Id == experimentId.Value, cancellationToken);
        if (experiment is null)
        {
            return Error.NotFound($"No Experiment with id={request.ExperimentId} exists");
        }

        if (experiment.LifecycleStage != LifecycleStage.Active)
        {
            return Error.Invalid($"The experiment {experiment.Id} must be in the 'active' state. Current state is {experiment.LifecycleStage}.");
        }

        var id = Guid.NewGuid();
        var name = FirstNonEmpty(request.RunName, tags.FirstOrDefault(t => t.Key == TrackingLimits.RunNameTag)?.Value) ?? GenerateName(id);
        if (name.Length > TrackingLimits.MaxRunNameLength)
        {
            return Error.Invalid($"Run name '{name[..20]}...' had length {name.Length}, which exceeded length limit of {TrackingLimits.MaxRunNameLength}");
        }

        Guid? parent = null;
        if (tags.FirstOrDefault(t => t.Key == TrackingLimits.ParentRunTag)?.Value is { Length: > 0 } parentText)
        {
            parent = Guid.TryParseExact(parentText, "N", out var p) && await db.Runs.AnyAsync(r => r.Id == p, cancellationToken)
                ? p
                : null;
            if (parent is null)
            {
                return Error.Invalid($"Parent run {parentText} (tag {TrackingLimits.ParentRunTag}) does not exist.");
            }
        }

        var user = FirstNonEmpty(request.UserId, tags.FirstOrDefault(t => t.Key == TrackingLimits.UserTag)?.Value) ?? actor.Name;
        var run = new Run
        {
            Id = id,
            ExperimentId = experiment.Id,
            Name = name,
            Status = RunStatus.Running,
            StartTime = request.StartTime is { } ms ? TrackingTime.FromMs(ms) : time.GetUtcNow(),
            UserId = user,
            OwnerUserId = actor.UserId,
            Source = request.Source,
            ParentRunId = parent,
            ArtifactLocation = $"{experiment.ArtifactLocation.TrimEnd('/')}/{id:N}/artifacts",
        };
        tags.RemoveAll(t => t.Key == TrackingLimits.RunNameTag);
        tags.Add(new KeyValue(TrackingLimits.RunNameTag, name));
        db.Runs.Add(run);
        db.RunTags.AddRange(tags.Select(t => new RunTag { RunId = id, Key = t.Key, Value = t.Value ?? string.Empty }));
        var dto = new RunDto(ToInfo(run), [], [], tags.OrderBy(t => t.Key, StringComparer.Ordinal).ToList(), []);
        AuditLog.Stage(db, new AuditRecord(actor, "run.created", "Run", id.ToApiId(), After: dto.Info), time.GetUtcNow());
        await db.SaveChangesAsync(cancellationToken);
        return dto;
    }

    public async Task<Result<RunDto>> GetAsync(string? runId, CancellationToken cancellationToken)
    {
        var id = TrackingTime.ParseRunId(runId);
        if (!id.IsSuccess)
        {
            return id.Error;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var runs = await RunLoader.LoadAsync(db, [id.Value], cancellationToken);
        return runs.Count == 0 ? Error.NotFound($"Run with id={runId} not found") : runs[0];
    }

    public Task<Result<RunInfoDto>> UpdateAsync(Actor actor, string? runId, string? status, long? endTime, string? runName, CancellationToken cancellationToken) =>
        ChangeAsync(actor, runId, "run.updated", requireActive: true, Update(status, endTime, runName, cancellationToken), cancellationToken);

    /// <summary>
    /// <see cref="UpdateAsync"/>'s status change (same checks, same audit record) staged in the caller's unit of work: saved
    /// by the caller's <c>SaveChangesAsync</c>, inside the caller's transaction, together with its other writes.
    /// </summary>
    internal async Task<Result<RunInfoDto>> StageStatusAsync(PortalDbContext db, Actor actor, string runId, string status, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var id = TrackingTime.ParseRunId(runId);
        return id.IsSuccess
            ? await StageChangeAsync(db, actor, runId, id.Value, "run.updated", requireActive: true, Update(status, null, null, cancellationToken), cancellationToken)
            : id.Error;
    }

    private Func<PortalDbContext, Run, Task<Error?>> Update(string? status, long? endTime, string? runName, CancellationToken cancellationToken) =>
        async (db, run) =>
        {
            if (status is not null)
            {
                if (!RunStatuses.TryParse(status, out var parsed))
                {
                    return Error.Invalid($"Invalid value '{status}' for parameter 'status'. Valid values are {string.Join(", ", RunStatuses.Names)}.");
                }

                run.Status = parsed;
                run.EndTime = endTime is { } ms ? TrackingTime.FromMs(ms) : parsed.IsTerminal() ? run.EndTime ?? time.GetUtcNow() : run.EndTime;
            }
            else if (endTime is { } end)
            {
                run.EndTime = TrackingTime.FromMs(end);
            }

            if (!string.IsNullOrEmpty(runName))
            {
                if (runName.Length > TrackingLimits.MaxRunNameLength)
                {
                    return Error.Invalid($"Run name had length {runName.Length}, which exceeded length limit of {TrackingLimits.MaxRunNameLength}");
                }

                run.Name = runName;
                await UpsertTagAsync(db, run.Id, TrackingLimits.RunNameTag, runName, cancellationToken);
            }

            return null;
        };

    public Task<Result<RunInfoDto>> DeleteAsync(Actor actor, string? runId, CancellationToken cancellationToken) =>
        ChangeAsync(actor, runId, "run.deleted", requireActive: false, (_, run) =>
        {
            run.LifecycleStage = LifecycleStage.Deleted;
            run.DeletedAt = time.GetUtcNow();
            return Task.FromResult<Error?>(null);
        }, cancellationToken);

    public Task<Result<RunInfoDto>> RestoreAsync(Actor actor, string? runId, CancellationToken cancellationToken) =>
        ChangeAsync(actor, runId, "run.restored", requireActive: false, (_, run) =>
        {
            run.LifecycleStage = LifecycleStage.Active;
            run.DeletedAt = null;
            return Task.FromResult<Error?>(null);
        }, cancellationToken);

    /// <summary>Sets a tag (last write wins). The note tag and the run name tag are audited as user edits.</summary>
    public Task<Result<RunInfoDto>> SetTagAsync(Actor actor, string? runId, string? key, string? value, CancellationToken cancellationToken) =>
        ChangeAsync(actor, runId, key == TrackingLimits.NoteTag ? "run.note_set" : "run.tag_set", requireActive: true, async (db, run) =>
        {
            if (TrackingLimits.ValidateTag(key, value) is { } bad)
            {
                return bad;
            }

            await UpsertTagAsync(db, run.Id, key!, value ?? string.Empty, cancellationToken);
            if (key == TrackingLimits.RunNameTag && !string.IsNullOrEmpty(value))
            {
                run.Name = value;
            }

            return null;
        }, cancellationToken);

    public Task<Result<RunInfoDto>> DeleteTagAsync(Actor actor, string? runId, string? key, CancellationToken cancellationToken) =>
        ChangeAsync(actor, runId, "run.tag_deleted", requireActive: true, async (db, run) =>
        {
            var removed = await db.RunTags.Where(t => t.RunId == run.Id && t.Key == key).ExecuteDeleteAsync(cancellationToken);
            return removed == 0 ? Error.NotFound($"No tag with name: {key} in run with id {run.Id:N}") : null;
        }, cancellationToken);

    private async Task<Result<RunInfoDto>> ChangeAsync(
        Actor actor, string? runId, string action, bool requireActive, Func<PortalDbContext, Run, Task<Error?>> change, CancellationToken cancellationToken)
    {
        var id = TrackingTime.ParseRunId(runId);
        if (!id.IsSuccess)
        {
            return id.Error;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await using var tx = await db.Database.BeginTransactionAsync(cancellationToken);
        var changed = await StageChangeAsync(db, actor, runId, id.Value, action, requireActive, change, cancellationToken);
        if (!changed.IsSuccess)
        {
            return changed;
        }

        await db.SaveChangesAsync(cancellationToken);
        await tx.CommitAsync(cancellationToken);
        return changed;
    }

    /// <summary>Loads the run, applies <paramref name="change"/> and stages its audit record; saves nothing.</summary>
    private async Task<Result<RunInfoDto>> StageChangeAsync(
        PortalDbContext db, Actor actor, string? runId, Guid id, string action, bool requireActive, Func<PortalDbContext, Run, Task<Error?>> change, CancellationToken cancellationToken)
    {
        var run = await db.Runs.SingleOrDefaultAsync(r => r.Id == id, cancellationToken);
        if (run is null)
        {
            return Error.NotFound($"Run with id={runId} not found");
        }

        if (requireActive && run.LifecycleStage != LifecycleStage.Active)
        {
            return Error.Invalid($"The run {runId} must be in the 'active' state. Current state is {run.LifecycleStage}.");
        }

        var before = ToInfo(run);
        if (await change(db, run) is { } error)
        {
            return error;
        }

        var after = ToInfo(run);
        AuditLog.Stage(db, new AuditRecord(actor, action, "Run", before.RunId, before, after), time.GetUtcNow());
        return after;
    }

    private static Task<int> UpsertTagAsync(PortalDbContext db, Guid runId, string key, string value, CancellationToken cancellationToken) =>
        db.Database.ExecuteSqlInterpolatedAsync(
            $"INSERT INTO run_tags (run_id, key, value) VALUES ({runId}, {key}, {value}) ON CONFLICT (run_id, key) DO UPDATE SET value = excluded.value",
            cancellationToken);

    internal static RunInfoDto ToInfo(Run r) => new(
        r.Id.ToApiId(), r.ExperimentId.ToString(CultureInfo.InvariantCulture), r.Name, r.UserId, r.Status.ToApi(), r.StartTime.ToMs(), r.EndTime?.ToMs(),
        r.ArtifactLocation, r.LifecycleStage, r.ParentRunId?.ToApiId(), r.Source);

    private static string? FirstNonEmpty(params string?[] values) => values.FirstOrDefault(v => !string.IsNullOrWhiteSpace(v));

    private static string GenerateName(Guid id)
    {
        var b = id.ToByteArray();
        return $"{Adjectives[b[0] % Adjectives.Length]}-{Nouns[b[1] % Nouns.Length]}-{b[2] % 1000}";
    }
}
