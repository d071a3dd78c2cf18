using System.Text.Json;
using Hangfire;
using Hangfire.Server;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using MlOpsPortal.Application.Audit;
using MlOpsPortal.Application.Jobs;
using MlOpsPortal.Domain.Common;
using MlOpsPortal.Infrastructure.Audit;
using MlOpsPortal.Infrastructure.Jobs;
using MlOpsPortal.Infrastructure.Persistence;
using MlOpsPortal.Infrastructure.Training;

namespace MlOpsPortal.Infrastructure.Recipes;

/// <summary>Body of <c>POST /api/v1/recipes</c>.</summary>
public sealed record RecipeRequest(string? Name, TrainingJobRequest? Training, string? Model = null, string? Cron = null);

public sealed record ScheduleRequest(string? Cron);

public sealed record RecipeFiringDto(Guid Id, string Trigger, DateTimeOffset FiredAt, string TrainDataset, Guid? TrainingJobId, string? RunId, int? ChampionVersion, string Status, string? Outcome, DateTimeOffset? FinishedAt);

public sealed record RecipeDto(
    Guid Id, string Name, TrainingJobRequest Training, string? Model, string? Cron, DateTimeOffset? NextFireAt, string CreatedBy, DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt, IReadOnlyList<RecipeFiringDto> Firings);

public sealed record RetrainingParameters(Guid FiringId);

/// <summary>
/// Training recipes: saved training requests that can be re-run and scheduled with a cron expression (UTC, a Hangfire recurring job) in the
/// clustered store. Each firing becomes a <c>retraining</c> job. A firing missed while every node was down fires once when a
/// node is back (misfire instruction "fire and proceed"), then the schedule continues.
/// </summary>
public sealed partial class RecipeService(
    IDbContextFactory<PortalDbContext> dbFactory, TrainingJobService training, IJobScheduler scheduler, RecurringSchedules schedules, TimeProvider time) : IRecurringScheduleOwner
{
    public const string JobKind = "retraining";
    private const string ScheduleGroup = "recipe";

    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task<Result<RecipeDto>> CreateAsync(RecipeRequest request, Actor actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var name = request.Name?.Trim() ?? string.Empty;
        if (!NamePattern().IsMatch(name))
        {
            return Error.Invalid("'name' is required: 1–128 letters, digits, '.', '_' or '-'.");
        }

        if (request.Training is null)
        {
            return Error.Invalid("'training' (a training request as for POST /api/v1/training-jobs) is required.");
        }

        if (CheckCron(request.Cron) is { } badCron)
        {
            return badCron;
        }

        if (await training.ValidateAsync(request.Training, cancellationToken) is { } invalid)
        {
            return invalid;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (await db.Recipes.AnyAsync(r => r.Name == name, cancellationToken))
        {
            return Error.AlreadyExists($"A recipe named '{name}' exists already.");
        }

        if (request.Model is { } model && !await db.Set<Registry.RegisteredModel>().AnyAsync(m => m.Name == model, cancellationToken))
        {
            return Error.NotFound($"Registered model '{model}' does not exist (the recipe compares each retrained model with its production version).");
        }

        var now = time.GetUtcNow();
        var row = new RecipeRow
        {
            Id = Guid.CreateVersion7(now), Name = name, Request = JsonSerializer.Serialize(request.Training, Json), Model = request.Model,
            Cron = Blank(request.Cron), CreatedBy = actor.Name, CreatedAt = now, UpdatedAt = now,
        };
        db.Recipes.Add(row);
        AuditLog.Stage(db, new AuditRecord(actor, "recipe.created", "recipe", name, null, new { row.Model, row.Cron }), now);
        await db.SaveChangesAsync(cancellationToken);
        await ApplyScheduleAsync(row, cancellationToken);
        return await GetAsync(name, cancellationToken);
    }

    public async Task<Result<RecipeDto>> SetScheduleAsync(string name, ScheduleRequest request, Actor actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (CheckCron(request.Cron) is { } badCron)
        {
            return badCron;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var row = await db.Recipes.FirstOrDefaultAsync(r => r.Name == name, cancellationToken);
        if (row is null)
        {
            return Error.NotFound($"Recipe '{name}' does not exist.");
        }

        var before = row.Cron;
        row.Cron = Blank(request.Cron);
        row.UpdatedAt = time.GetUtcNow();
        AuditLog.Stage(db, new AuditRecord(actor, "recipe.schedule_set", "recipe", name, new { Cron = before }, new { row.Cron }), row.UpdatedAt);
        await db.SaveChangesAsync(cancellationToken);
        await ApplyScheduleAsync(row, cancellationToken);
        return await GetAsync(name, cancellationToken);
    }

    public async Task<Result<bool>> DeleteAsync(string name, Actor actor, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var row = await db.Recipes.FirstOrDefaultAsync(r => r.Name == name, cancellationToken);
        if (row is null)
        {
            return Error.NotFound($"Recipe '{name}' does not exist.");
        }

        schedules.Remove(ScheduleGroup, row.Id);
        db.Recipes.Remove(row);
        AuditLog.Stage(db, new AuditRecord(actor, "recipe.deleted", "recipe", name, new { row.Cron }, null), time.GetUtcNow());
        await db.SaveChangesAsync(cancellationToken);
        return true;
    }

    public async Task<IReadOnlyList<RecipeDto>> ListAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var names = await db.Recipes.AsNoTracking().OrderBy(r => r.Name).Select(r => r.Name).ToListAsync(cancellationToken);
        var result = new List<RecipeDto>(names.Count);
        foreach (var name in names)
        {
            if ((await GetAsync(name, cancellationToken)) is { IsSuccess: true } found)
            {
                result.Add(found.Value);
            }
        }

        return result;
    }

    public async Task<Result<RecipeDto>> GetAsync(string name, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var row = await db.Recipes.AsNoTracking().FirstOrDefaultAsync(r => r.Name == name, cancellationToken);
        if (row is null)
        {
            return Error.NotFound($"Recipe '{name}' does not exist.");
        }

        var firings = await db.RecipeFirings.AsNoTracking().Where(f => f.RecipeId == row.Id).OrderByDescending(f => f.FiredAt).Take(50)
            .Select(f => new RecipeFiringDto(f.Id, f.Trigger, f.FiredAt, f.TrainDataset, f.TrainingJobId, f.RunId, f.ChampionVersion, f.Status, f.Outcome, f.FinishedAt))
            .ToListAsync(cancellationToken);
        DateTimeOffset? next = null;
        if (row.Cron is not null)
        {
            next = schedules.NextFireTime(ScheduleGroup, row.Id);
        }

        return new RecipeDto(row.Id, row.Name, JsonSerializer.Deserialize<TrainingJobRequest>(row.Request, Json)!, row.Model, row.Cron, next,
            row.CreatedBy, row.CreatedAt, row.UpdatedAt, firings);
    }

    /// <summary>"Run now": a manual firing.</summary>
    public async Task<Result<RecipeFiringDto>> RunNowAsync(string name, Actor actor, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var row = await db.Recipes.AsNoTracking().FirstOrDefaultAsync(r => r.Name == name, cancellationToken);
        return row is null
            ? Error.NotFound($"Recipe '{name}' does not exist.")
            : await FireAsync(row.Id, "manual", Guid.CreateVersion7(time.GetUtcNow()), actor, cancellationToken);
    }

    /// <summary>A scheduled firing; its id derives from the scheduled time, so a repeated fire of the same instant is one firing.</summary>
    internal Task<Result<RecipeFiringDto>> FireScheduledAsync(Guid recipeId, DateTimeOffset scheduledFor, CancellationToken cancellationToken)
    {
        var id = RecurringSchedules.FiringId(recipeId, scheduledFor);
        return FireAsync(recipeId, "schedule", id, Actor.System, cancellationToken);
    }

    private async Task<Result<RecipeFiringDto>> FireAsync(Guid recipeId, string trigger, Guid firingId, Actor actor, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (await db.RecipeFirings.AsNoTracking().FirstOrDefaultAsync(f => f.Id == firingId, cancellationToken) is { } existing)
        {
            return ToDto(existing);
        }

        var now = time.GetUtcNow();
        var firing = new RecipeFiringRow { Id = firingId, RecipeId = recipeId, Trigger = trigger, FiredAt = now, TrainDataset = "(resolving)" };
        db.RecipeFirings.Add(firing);
        // Scheduled retraining yields to interactive work: it waits in the low-priority queue.
        var job = new JobRequest(firingId, JobKind, new RetrainingParameters(firingId), actor, trigger == "schedule" ? JobPriority.Low : JobPriority.Normal);
        JobMapping.Stage(db, job, now);
        AuditLog.Stage(db, new AuditRecord(actor, "recipe.fired", "recipe", recipeId.ToString(), null, new { trigger, firingId }), now);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Another node recorded the same scheduled firing first.
            await using var again = await dbFactory.CreateDbContextAsync(cancellationToken);
            return ToDto(await again.RecipeFirings.AsNoTracking().FirstAsync(f => f.Id == firingId, cancellationToken));
        }

        await scheduler.EnqueueAsync(job, cancellationToken);
        return ToDto(firing);
    }

    /// <summary>Re-applies every recipe's schedule (start-up; also moves schedules made before Hangfire onto it).</summary>
    public async Task SyncSchedulesAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        foreach (var row in await db.Recipes.AsNoTracking().Where(r => r.Cron != null).ToListAsync(cancellationToken))
        {
            await ApplyScheduleAsync(row, cancellationToken);
        }
    }

    private Task ApplyScheduleAsync(RecipeRow row, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var id = row.Id;
        schedules.Apply<RecipeFireJob>(ScheduleGroup, id, row.Cron, f => f.FireAsync(id, null, CancellationToken.None));
        return Task.CompletedTask;
    }

    private static Error? CheckCron(string? cron) =>
        Blank(cron) is { } text && !PortalCron.TryParse(text, out _)
            ? Error.Invalid($"'{text}' is not a valid cron expression ({PortalCron.Format}, e.g. \"0 0 2 * * ?\" for 02:00 UTC daily).")
            : null;

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    private static RecipeFiringDto ToDto(RecipeFiringRow f) =>
        new(f.Id, f.Trigger, f.FiredAt, f.TrainDataset, f.TrainingJobId, f.RunId, f.ChampionVersion, f.Status, f.Outcome, f.FinishedAt);

    [GeneratedRegex(@"^[\w.\-]{1,128}$")]
    private static partial Regex NamePattern();
}

/// <summary>The Hangfire recurring job behind a recipe's schedule: records the firing and queues its retraining job.</summary>
public sealed class RecipeFireJob(RecipeService recipes, TimeProvider time)
{
    [AutomaticRetry(Attempts = 0)]
    public async Task FireAsync(Guid recipeId, PerformContext? context, CancellationToken cancellationToken) =>
        await recipes.FireScheduledAsync(recipeId, RecurringSchedules.ScheduledFor(context, time), cancellationToken);
}
