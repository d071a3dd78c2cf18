using System.Globalization;
using Microsoft.EntityFrameworkCore;
using MlOpsPortal.Application.Audit;
using MlOpsPortal.Domain.Common;
using MlOpsPortal.Domain.Tracking;
using MlOpsPortal.Infrastructure.Audit;
using MlOpsPortal.Infrastructure.Persistence;
using Npgsql;

namespace MlOpsPortal.Infrastructure.Tracking;

/// <summary>Experiments: create, read, search, rename, delete (archive) and restore; every change is audited.</summary>
public sealed class ExperimentService(IDbContextFactory<PortalDbContext> dbFactory, TimeProvider time)
{
    public async Task<Result<ExperimentDto>> CreateAsync(
        Actor actor, string? name, string? artifactLocation, IReadOnlyList<KeyValue>? tags, string? description, CancellationToken cancellationToken)
    {
        name = name?.Trim();
        if (TrackingLimits.ValidateExperimentName(name) is { } invalid)
        {
            return invalid;
        }

        foreach (var tag in tags ?? [])
        {
            if (TrackingLimits.ValidateTag(tag.Key, tag.Value) is { } badTag)
            {
                return badTag;
            }
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (await db.Experiments.AnyAsync(e => e.Name == name, cancellationToken))
        {
            return Error.AlreadyExists($"Experiment(name={name}) already exists.");
        }

        var id = await db.Database.SqlQueryRaw<long>("SELECT nextval(pg_get_serial_sequence('experiments', 'id')) AS \"Value\"").SingleAsync(cancellationToken);
        var now = time.GetUtcNow();
        var lastTags = (tags ?? []).GroupBy(t => t.Key).Select(g => g.Last()).ToList();
        var experiment = new Experiment
        {
            Id = id,
            Name = name!,
            Description = description ?? lastTags.FirstOrDefault(t => t.Key == TrackingLimits.NoteTag)?.Value,
            Owner = actor.Name,
            OwnerUserId = actor.UserId,
            ArtifactLocation = string.IsNullOrWhiteSpace(artifactLocation) ? "mlflow-artifacts:/" + id.ToString(CultureInfo.InvariantCulture) : artifactLocation,
            CreatedAt = now,
            UpdatedAt = now,
        };
        db.Experiments.Add(experiment);
        db.ExperimentTags.AddRange(lastTags.Select(t => new ExperimentTag { ExperimentId = id, Key = t.Key, Value = t.Value ?? string.Empty }));
        var dto = ToDto(experiment, lastTags);
        AuditLog.Stage(db, new AuditRecord(actor, "experiment.created", "Experiment", dto.ExperimentId, After: dto), now);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException e) when (e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            return Error.AlreadyExists($"Experiment(name={name}) already exists.");
        }

        return dto;
    }

    public async Task<Result<ExperimentDto>> GetAsync(string? experimentId, CancellationToken cancellationToken)
    {
        var id = TrackingTime.ParseExperimentId(experimentId);
        if (!id.IsSuccess)
        {
            return id.Error;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var experiment = await db.Experiments.AsNoTracking().SingleOrDefaultAsync(e => e.Id == id.Value, cancellationToken);
        return experiment is null
            ? Error.NotFound($"No Experiment with id={experimentId} exists")
            : ToDto(experiment, await TagsAsync(db, [experiment.Id], cancellationToken));
    }

    public async Task<Result<ExperimentDto>> GetByNameAsync(string? name, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(name))
        {
            return Error.Invalid("Missing value for required parameter 'experiment_name'. See the API docs for more information about request parameters.");
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var experiment = await db.Experiments.AsNoTracking().SingleOrDefaultAsync(e => e.Name == name, cancellationToken);
        return experiment is null
            ? Error.NotFound($"Could not find experiment with name '{name}'")
            : ToDto(experiment, await TagsAsync(db, [experiment.Id], cancellationToken));
    }

    /// <summary>
    /// Searches experiments by a filter (<c>name LIKE '%x%'</c>, <c>tags.k = 'v'</c>) or a plain text contained in the
    /// name; offset paging with MLflow-style page tokens; newest first unless ordered by name.
    /// </summary>
    public async Task<Result<ExperimentsPage>> SearchAsync(
        string? filter, string? text, ViewType view, int maxResults, string? pageToken, bool orderByName, bool includeTotal, CancellationToken cancellationToken)
    {
        var offset = PageTokens.Decode(pageToken);
        if (!offset.IsSuccess)
        {
            return offset.Error;
        }

        var clauses = SearchFilterParser.Parse(filter);
        if (!clauses.IsSuccess)
        {
            return clauses.Error;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var stages = view.Stages();
        var rows = db.Experiments.AsNoTracking().Where(e => stages.Contains(e.LifecycleStage));
        foreach (var c in clauses.Value)
        {
            var filtered = Apply(db, rows, c);
            if (!filtered.IsSuccess)
            {
                return filtered.Error;
            }

            rows = filtered.Value;
        }

        if (!string.IsNullOrWhiteSpace(text))
        {
            var pattern = "%" + text.Trim().Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal) + "%";
            rows = rows.Where(e => EF.Functions.ILike(e.Name, pattern));
        }

        int? total = includeTotal ? await rows.CountAsync(cancellationToken) : null;
        var ordered = orderByName ? rows.OrderBy(e => e.Name) : rows.OrderByDescending(e => e.CreatedAt).ThenByDescending(e => e.Id);
        var page = await ordered.Skip(offset.Value).Take(maxResults + 1).ToListAsync(cancellationToken);
        var more = page.Count > maxResults;
        page = page.Take(maxResults).ToList();
        var tags = await TagsAsync(db, page.Select(e => e.Id).ToList(), cancellationToken);
        var list = page.Select(e => ToDto(e, tags.Where(t => t.ExperimentId == e.Id).ToList())).ToList();
        return new ExperimentsPage(list, more ? PageTokens.Encode(offset.Value + maxResults) : null, total);
    }

    public Task<Result<ExperimentDto>> RenameAsync(Actor actor, string? experimentId, string? newName, CancellationToken cancellationToken) =>
        ChangeAsync(actor, experimentId, "experiment.renamed", async (db, e, _) =>
        {
            newName = newName?.Trim();
            if (TrackingLimits.ValidateExperimentName(newName) is { } invalid)
            {
                return invalid;
            }

            if (e.LifecycleStage != LifecycleStage.Active)
            {
                return Error.Invalid($"Cannot rename a non-active experiment. Experiment {e.Id} is in the '{e.LifecycleStage}' state.");
            }

            if (newName != e.Name && await db.Experiments.AnyAsync(x => x.Name == newName, cancellationToken))
            {
                return Error.AlreadyExists($"Experiment(name={newName}) already exists.");
            }

            e.Name = newName!;
            return null;
        }, cancellationToken);

    /// <summary>Sets an experiment tag (last write wins) on an active experiment; the note tag is also the description, as at create.</summary>
    public Task<Result<ExperimentDto>> SetTagAsync(Actor actor, string? experimentId, string? key, string? value, CancellationToken cancellationToken) =>
        ChangeAsync(actor, experimentId, "experiment.tag_set", async (db, e, tags) =>
        {
            if (TrackingLimits.ValidateTag(key, value) is { } bad)
            {
                return bad;
            }

            if (e.LifecycleStage != LifecycleStage.Active)
            {
                return Error.Invalid($"The experiment {e.Id} must be in the 'active' state. Current state is {e.LifecycleStage}.");
            }

            var tag = new ExperimentTag { ExperimentId = e.Id, Key = key!, Value = value ?? string.Empty };
            var row = await db.ExperimentTags.SingleOrDefaultAsync(t => t.ExperimentId == e.Id && t.Key == tag.Key, cancellationToken);
            if (row is null)
            {
                db.ExperimentTags.Add(tag);
            }
            else
            {
                row.Value = tag.Value;
            }

            tags.RemoveAll(t => t.Key == tag.Key);
            tags.Add(tag);
            tags.Sort((a, b) => string.CompareOrdinal(a.Key, b.Key));
            if (tag.Key == TrackingLimits.NoteTag)
            {
                e.Description = tag.Value;
            }

            return null;
        }, cancellationToken);

    public Task<Result<ExperimentDto>> DeleteAsync(Actor actor, string? experimentId, CancellationToken cancellationToken) =>
        SetStageAsync(actor, experimentId, LifecycleStage.Deleted, "experiment.deleted", cancellationToken);

    public Task<Result<ExperimentDto>> RestoreAsync(Actor actor, string? experimentId, CancellationToken cancellationToken) =>
        SetStageAsync(actor, experimentId, LifecycleStage.Active, "experiment.restored", cancellationToken);

    private Task<Result<ExperimentDto>> SetStageAsync(Actor actor, string? experimentId, string stage, string action, CancellationToken cancellationToken) =>
        ChangeAsync(actor, experimentId, action, (_, e, _) =>
        {
            if (e.LifecycleStage == stage)
            {
                return Task.FromResult<Error?>(Error.Invalid($"Cannot {(stage == LifecycleStage.Deleted ? "delete" : "restore")} experiment {e.Id}: it is already in the '{stage}' state."));
            }

            e.LifecycleStage = stage;
            return Task.FromResult<Error?>(null);
        }, cancellationToken);

    private async Task<Result<ExperimentDto>> ChangeAsync(
        Actor actor, string? experimentId, string action, Func<PortalDbContext, Experiment, List<ExperimentTag>, Task<Error?>> change, CancellationToken cancellationToken)
    {
        var id = TrackingTime.ParseExperimentId(experimentId);
        if (!id.IsSuccess)
        {
            return id.Error;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var experiment = await db.Experiments.SingleOrDefaultAsync(e => e.Id == id.Value, cancellationToken);
        if (experiment is null)
        {
            return Error.NotFound($"No Experiment with id={experimentId} exists");
        }

        var tags = await TagsAsync(db, [experiment.Id], cancellationToken);
        var before = ToDto(experiment, tags);
        if (await change(db, experiment, tags) is { } error)
        {
            return error;
        }

        experiment.UpdatedAt = time.GetUtcNow();
        var after = ToDto(experiment, tags);
        AuditLog.Stage(db, new AuditRecord(actor, action, "Experiment", after.ExperimentId, before, after), experiment.UpdatedAt);
        await db.SaveChangesAsync(cancellationToken);
        return after;
    }

    private static Result<IQueryable<Experiment>> Apply(PortalDbContext db, IQueryable<Experiment> rows, FilterClause c)
    {
        if (c.Entity == FilterEntity.Tag)
        {
            var key = c.Key;
            var value = c.Value.Text ?? string.Empty;
            return c.Operator switch
            {
                FilterOperator.Equal => Result<IQueryable<Experiment>>.Ok(rows.Where(e => db.ExperimentTags.Any(t => t.ExperimentId == e.Id && t.Key == key && t.Value == value))),
                FilterOperator.NotEqual => Result<IQueryable<Experiment>>.Ok(rows.Where(e => db.ExperimentTags.Any(t => t.ExperimentId == e.Id && t.Key == key && t.Value != value))),
                FilterOperator.Like => Result<IQueryable<Experiment>>.Ok(rows.Where(e => db.ExperimentTags.Any(t => t.ExperimentId == e.Id && t.Key == key && EF.Functions.Like(t.Value, value)))),
                _ => Result<IQueryable<Experiment>>.Ok(rows.Where(e => db.ExperimentTags.Any(t => t.ExperimentId == e.Id && t.Key == key && EF.Functions.ILike(t.Value, value)))),
            };
        }

        if (c.Entity == FilterEntity.Attribute && c.Key == RunAttributes.RunName)
        {
            var value = c.Value.Text ?? string.Empty;
            return c.Operator switch
            {
                FilterOperator.Equal => Result<IQueryable<Experiment>>.Ok(rows.Where(e => e.Name == value)),
                FilterOperator.NotEqual => Result<IQueryable<Experiment>>.Ok(rows.Where(e => e.Name != value)),
                FilterOperator.Like => Result<IQueryable<Experiment>>.Ok(rows.Where(e => EF.Functions.Like(e.Name, value))),
                _ => Result<IQueryable<Experiment>>.Ok(rows.Where(e => EF.Functions.ILike(e.Name, value))),
            };
        }

        return Error.Invalid($"Invalid experiment filter: only 'name' and 'tags.<key>' can be used, got '{c.Key}'.");
    }

    private static async Task<List<ExperimentTag>> TagsAsync(PortalDbContext db, List<long> ids, CancellationToken cancellationToken) =>
        await db.ExperimentTags.AsNoTracking().Where(t => ids.Contains(t.ExperimentId)).OrderBy(t => t.Key).ToListAsync(cancellationToken);

    private static ExperimentDto ToDto(Experiment e, IEnumerable<ExperimentTag> tags) => ToDto(e, tags.Select(t => new KeyValue(t.Key, t.Value)).ToList());

    private static ExperimentDto ToDto(Experiment e, List<KeyValue> tags) => new(
        e.Id.ToString(CultureInfo.InvariantCulture), e.Name, e.Description, e.ArtifactLocation, e.LifecycleStage, e.CreatedAt.ToMs(), e.UpdatedAt.ToMs(), e.Owner, tags);
}
