using System.Text.Json;
using Hangfire;
using Hangfire.Server;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using MlOpsPortal.Application.Audit;
using MlOpsPortal.Application.Datasets;
using MlOpsPortal.Application.Jobs;
using MlOpsPortal.Domain.Common;
using MlOpsPortal.Infrastructure.Audit;
using MlOpsPortal.Infrastructure.Inference;
using MlOpsPortal.Infrastructure.Jobs;
using MlOpsPortal.Infrastructure.Persistence;
using MlOpsPortal.Infrastructure.Training;

namespace MlOpsPortal.Infrastructure.Monitoring;

/// <summary>
/// Drift jobs (ad hoc) and monitors: a monitor watches one model alias on a cron schedule (UTC, a Hangfire recurring job persisted in the
/// clustered store, misfires after downtime fire once) or on demand, and keeps its reports and alerts.
/// </summary>
public sealed partial class MonitorService(
    OnlineScoring scoring, IDatasetCatalog catalog, IJobScheduler scheduler, RecurringSchedules schedules,
    IDbContextFactory<PortalDbContext> dbFactory, TimeProvider time) : IRecurringScheduleOwner
{
    public const string Kind = "drift";
    private const string ScheduleGroup = "monitor";
    private static readonly string[] Metrics = ["accuracy", "roc_auc"];

    /// <summary>An ad hoc drift job (no monitor).</summary>
    public async Task<Result<DriftSubmitted>> SubmitAsync(DriftRequest request, Actor actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Model?.ToTarget() is not { } target)
        {
            return Error.Invalid("'model' must be {\"name\", \"alias\"} or {\"name\", \"version\"} (one of alias and version).");
        }

        var served = await scoring.ResolveAsync(target, cancellationToken);
        if (!served.IsSuccess)
        {
            return served.Error;
        }

        var current = request.Current ?? new DriftSource(LastHours: 24);
        foreach (var (source, role) in new[] { (request.Reference, "reference"), (current, "current") })
        {
            if (source is not null && await CheckSourceAsync(source, role, cancellationToken) is { } problem)
            {
                return problem;
            }
        }

        var unknown = request.Columns?.Where(c => served.Value.Package.Signature.Inputs.All(i => i.Name != c)).ToList();
        if (unknown is { Count: > 0 })
        {
            return Error.Invalid($"The model has no input column(s) {string.Join(", ", unknown)}.");
        }

        var id = await EnqueueAsync(new DriftJobParameters(null, served.Value.Name, served.Value.Version, served.Value.Alias, request.Reference, current, request.Columns),
            Guid.CreateVersion7(time.GetUtcNow()), actor, cancellationToken);
        return id is null ? Error.Conflict("This drift job was queued already.") : new DriftSubmitted(id.Value, id.Value);
    }

    public async Task<Result<MonitorDto>> CreateAsync(MonitorRequest request, Actor actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var problems = new List<string>();
        var name = request.Name?.Trim() ?? string.Empty;
        if (!NamePattern().IsMatch(name))
        {
            problems.Add("'name' must be 1–128 letters, digits, '.', '_' or '-'");
        }

        if (string.IsNullOrWhiteSpace(request.Model))
        {
            problems.Add("'model' (a registered model name) is required");
        }

        if (request.WindowHours is <= 0 or > 24 * 90)
        {
            problems.Add("'windowHours' must be between 1 and 2160");
        }

        if (request.WindowRows is <= 0 or > DriftDataLoader.MaxLoggedRows)
        {
            problems.Add($"'windowRows' must be between 1 and {DriftDataLoader.MaxLoggedRows:N0}");
        }

        if (Blank(request.Cron) is { } cron && !PortalCron.TryParse(cron, out _))
        {
            problems.Add($"'{cron}' is not a valid cron expression ({PortalCron.Format}, e.g. \"0 0 * * * ?\" hourly)");
        }

        if (request.DriftShareAlert is < 0 or > 1)
        {
            problems.Add("'driftShareAlert' must be between 0 and 1");
        }

        if ((request.MetricAlert is null) != (request.MetricBelow is null) || (request.MetricAlert is { } m && !Metrics.Contains(m)))
        {
            problems.Add("'metricAlert' (accuracy or roc_auc) and 'metricBelow' go together");
        }

        if (problems.Count > 0)
        {
            return new Error(ErrorCode.InvalidArgument, string.Join("; ", problems), new Dictionary<string, string[]> { ["monitor"] = problems.ToArray() });
        }

        var alias = Blank(request.Alias) ?? "production";
        var served = await scoring.ResolveAsync(new ModelTarget(request.Model!.Trim(), alias, null), cancellationToken);
        if (!served.IsSuccess)
        {
            return served.Error;
        }

        if (request.Reference is { } reference && await CheckSourceAsync(new DriftSource(reference), "reference", cancellationToken) is { } bad)
        {
            return bad;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (Blank(request.RetrainRecipe) is { } recipe && !await db.Recipes.AnyAsync(r => r.Name == recipe, cancellationToken))
        {
            return Error.NotFound($"Recipe '{recipe}' does not exist.");
        }

        if (await db.Monitors.AnyAsync(x => x.Name == name, cancellationToken))
        {
            return Error.Conflict($"A monitor named '{name}' exists already.");
        }

        var now = time.GetUtcNow();
        var row = new MonitorRow
        {
            Id = Guid.CreateVersion7(now),
            Name = name,
            ModelName = served.Value.Name,
            Alias = alias,
            ReferenceDataset = request.Reference?.ToString(),
            WindowHours = request.WindowHours ?? 24,
            WindowRows = request.WindowRows,
            Cron = Blank(request.Cron),
            DriftShareAlert = request.DriftShareAlert,
            MetricAlert = request.MetricAlert,
            MetricBelow = request.MetricBelow,
            RetrainRecipe = Blank(request.RetrainRecipe),
            CreatedBy = actor?.Name ?? "system",
            CreatedByUserId = actor?.UserId,
            CreatedAt = now,
        };
        db.Monitors.Add(row);
        AuditLog.Stage(db, new AuditRecord(actor ?? Actor.System, "monitor.created", "monitor", row.Id.ToString(), null, request), now);
        await db.SaveChangesAsync(cancellationToken);
        await ApplyScheduleAsync(row, cancellationToken);
        return await ToDtoAsync(db, row, cancellationToken);
    }

    public async Task<IReadOnlyList<MonitorDto>> ListAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var rows = await db.Monitors.AsNoTracking().OrderBy(m => m.Name).ToListAsync(cancellationToken);
        var list = new List<MonitorDto>(rows.Count);
        foreach (var row in rows)
        {
            list.Add(await ToDtoAsync(db, row, cancellationToken));
        }

        return list;
    }

    public async Task<Result<MonitorDto>> GetAsync(string name, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var row = await db.Monitors.AsNoTracking().FirstOrDefaultAsync(m => m.Name == name, cancellationToken);
        return row is null ? Error.NotFound($"Monitor '{name}' does not exist.") : await ToDtoAsync(db, row, cancellationToken);
    }

    public async Task<Result<bool>> DeleteAsync(string name, Actor actor, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var row = await db.Monitors.FirstOrDefaultAsync(m => m.Name == name, cancellationToken);
        if (row is null)
        {
            return Error.NotFound($"Monitor '{name}' does not exist.");
        }

        db.Monitors.Remove(row);
        AuditLog.Stage(db, new AuditRecord(actor, "monitor.deleted", "monitor", row.Id.ToString(), new { row.Name, row.ModelName, row.Alias }, null), time.GetUtcNow());
        await db.SaveChangesAsync(cancellationToken);
        schedules.Remove(ScheduleGroup, row.Id);
        return true;
    }

    /// <summary>
    /// What "Run now" would compare (<see cref="MonitorRunPlanner"/>): the chosen dataset version, else the window of logged
    /// predictions, else the most recent window that has traffic.
    /// </summary>
    public async Task<Result<MonitorRunPlan>> PlanRunAsync(string name, DatasetRef? current, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var row = await db.Monitors.AsNoTracking().FirstOrDefaultAsync(m => m.Name == name, cancellationToken);
        return row is null ? Error.NotFound($"Monitor '{name}' does not exist.") : await PlanAsync(db, row, current, cancellationToken);
    }

    /// <summary>Runs a monitor's drift job now, against <see cref="PlanRunAsync"/>'s choice of current data.</summary>
    public async Task<Result<DriftSubmitted>> RunNowAsync(string name, MonitorRunRequest? request, Actor actor, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var row = await db.Monitors.AsNoTracking().FirstOrDefaultAsync(m => m.Name == name, cancellationToken);
        if (row is null)
        {
            return Error.NotFound($"Monitor '{name}' does not exist.");
        }

        var plan = await PlanAsync(db, row, request?.Current, cancellationToken);
        if (!plan.IsSuccess)
        {
            return plan.Error;
        }

        if (await CheckSourceAsync(plan.Value.Current, "current", cancellationToken) is { } bad)
        {
            return bad;
        }

        var fired = await FireAsync(row, plan.Value.Current, Guid.CreateVersion7(time.GetUtcNow()), actor, cancellationToken);
        return fired.IsSuccess ? fired.Value with { Compared = plan.Value.Explanation } : fired;
    }

    private async Task<Result<MonitorRunPlan>> PlanAsync(PortalDbContext db, MonitorRow row, DatasetRef? current, CancellationToken cancellationToken)
    {
        var latest = current is not null ? null : await db.Predictions.AsNoTracking()
            .Where(p => p.ModelName == row.ModelName && p.Alias == row.Alias)
            .MaxAsync(p => (DateTimeOffset?)p.LoggedAt, cancellationToken);
        return MonitorRunPlanner.Choose($"{row.ModelName}@{row.Alias}", row.WindowHours, row.WindowRows, current, latest, time.GetUtcNow());
    }

    /// <summary>A scheduled firing; its job id derives from the scheduled instant, so a repeated fire is one job.</summary>
    internal async Task FireScheduledAsync(Guid monitorId, DateTimeOffset scheduledFor, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var row = await db.Monitors.AsNoTracking().FirstOrDefaultAsync(m => m.Id == monitorId, cancellationToken);
        if (row is null)
        {
            return;
        }

        var window = new DriftSource(LastHours: row.WindowHours, LastRows: row.WindowRows);
        await FireAsync(row, window, RecurringSchedules.FiringId(monitorId, scheduledFor), Actor.System, cancellationToken);
    }

    public async Task<Result<DriftReportDto>> GetReportAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var row = await db.DriftReports.AsNoTracking().FirstOrDefaultAsync(r => r.Id == id, cancellationToken);
        return row is null ? Error.NotFound($"Drift report {id} does not exist (or its job has not finished).") : ToDto(row);
    }

    /// <summary>Reports, newest first: of one monitor, or of a model (ad hoc ones included), or all.</summary>
    public async Task<IReadOnlyList<DriftReportDto>> ListReportsAsync(Guid? monitorId, string? model, int take, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var query = db.DriftReports.AsNoTracking();
        if (monitorId is { } m)
        {
            query = query.Where(r => r.MonitorId == m);
        }

        if (model is not null)
        {
            query = query.Where(r => r.ModelName == model);
        }

        var rows = await query.OrderByDescending(r => r.CreatedAt).Take(Math.Clamp(take, 1, 500)).ToListAsync(cancellationToken);
        return rows.Select(ToDto).ToList();
    }

    public async Task<IReadOnlyList<MonitorAlertDto>> ListAlertsAsync(Guid monitorId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.MonitorAlerts.AsNoTracking().Where(a => a.MonitorId == monitorId).OrderByDescending(a => a.At).Take(100)
            .Select(a => new MonitorAlertDto(a.Id, a.Kind, a.Message, a.ReportId, a.RecipeFiringId, a.At)).ToListAsync(cancellationToken);
    }

    private async Task<Result<DriftSubmitted>> FireAsync(MonitorRow row, DriftSource current, Guid jobId, Actor actor, CancellationToken cancellationToken)
    {
        var served = await scoring.ResolveAsync(new ModelTarget(row.ModelName, row.Alias, null), cancellationToken);
        if (!served.IsSuccess)
        {
            return served.Error;
        }

        DriftSource? reference = DatasetRefText.TryParse(row.ReferenceDataset, out var d) ? new DriftSource(d) : null;
        var id = await EnqueueAsync(new DriftJobParameters(row.Id, row.ModelName, served.Value.Version, row.Alias, reference, current, null), jobId, actor, cancellationToken);
        return new DriftSubmitted(id ?? jobId, id ?? jobId);
    }

    /// <summary>Stages and queues the job; null when a job with this id exists already (a repeated scheduled firing).</summary>
    private async Task<Guid?> EnqueueAsync(DriftJobParameters parameters, Guid id, Actor actor, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var now = time.GetUtcNow();
        var job = new JobRequest(id, Kind, parameters, actor);
        JobMapping.Stage(db, job, now);
        AuditLog.Stage(db, new AuditRecord(actor, "drift.submitted", "drift", id.ToString(), null,
            new { parameters.Model, parameters.Version, parameters.Alias, Reference = parameters.Reference?.Describe(), Current = parameters.Current.Describe(), parameters.MonitorId }), now);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            return null;
        }

        await scheduler.EnqueueAsync(job, cancellationToken);
        return id;
    }

    private async Task<Error?> CheckSourceAsync(DriftSource source, string role, CancellationToken cancellationToken)
    {
        if (source.Dataset is { } dataset)
        {
            var version = await catalog.GetVersionAsync(dataset.Name, dataset.Version, cancellationToken);
            if (!version.IsSuccess)
            {
                return Error.NotFound($"The {role} dataset version {dataset} does not exist.");
            }

            if (source.Filter is { } f && version.Value.Columns.All(c => c.Name != f.Column))
            {
                return Error.Invalid($"The {role} filter names column '{f.Column}', which {dataset} does not have.");
            }

            return null;
        }

        return source.LastHours is <= 0 || source.LastRows is <= 0
            ? Error.Invalid($"The {role} window needs positive 'lastHours' / 'lastRows'.")
            : null;
    }

    /// <summary>Re-applies every monitor's schedule (start-up; also moves schedules made before Hangfire onto it).</summary>
    public async Task SyncSchedulesAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        foreach (var row in await db.Monitors.AsNoTracking().Where(m => m.Cron != null).ToListAsync(cancellationToken))
        {
            await ApplyScheduleAsync(row, cancellationToken);
        }
    }

    private Task ApplyScheduleAsync(MonitorRow row, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var id = row.Id;
        schedules.Apply<MonitorFireJob>(ScheduleGroup, id, row.Cron, f => f.FireAsync(id, null, CancellationToken.None));
        return Task.CompletedTask;
    }

    private async Task<MonitorDto> ToDtoAsync(PortalDbContext db, MonitorRow row, CancellationToken cancellationToken)
    {
        DateTimeOffset? next = null;
        if (row.Cron is not null)
        {
            next = schedules.NextFireTime(ScheduleGroup, row.Id);
        }

        var latest = await db.DriftReports.AsNoTracking().Where(r => r.MonitorId == row.Id).OrderByDescending(r => r.CreatedAt).FirstOrDefaultAsync(cancellationToken);
        return new MonitorDto(row.Id, row.Name, row.ModelName, row.Alias, row.ReferenceDataset, row.WindowHours, row.WindowRows, row.Cron, next,
            row.DriftShareAlert, row.MetricAlert, row.MetricBelow, row.RetrainRecipe, row.CreatedBy, row.CreatedAt, latest is null ? null : ToDto(latest));
    }

    internal static DriftReportDto ToDto(DriftReportRow row)
    {
        var result = JsonSerializer.Deserialize<StoredResult>(row.Result, MonitoringJson.Options)!;
        var performance = row.Performance is null ? null : JsonSerializer.Deserialize<LivePerformance>(row.Performance, MonitoringJson.Options);
        return new DriftReportDto(row.Id, row.MonitorId, row.ModelName, row.Alias, row.Version, row.Reference, row.Current, row.ReferenceRows, row.CurrentRows,
            row.Columns, row.DriftedColumns, row.DriftShare, row.DatasetDrifted, row.PredictionDrifted, result.Columns, result.Prediction, performance, row.CreatedAt);
    }

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    [GeneratedRegex(@"^[\w.\-]{1,128}$")]
    private static partial Regex NamePattern();
}

/// <summary>The Hangfire recurring job behind a monitor's schedule: queues its drift job.</summary>
public sealed class MonitorFireJob(MonitorService monitors, TimeProvider time)
{
    [AutomaticRetry(Attempts = 0)]
    public async Task FireAsync(Guid monitorId, PerformContext? context, CancellationToken cancellationToken) =>
        await monitors.FireScheduledAsync(monitorId, RecurringSchedules.ScheduledFor(context, time), cancellationToken);
}
