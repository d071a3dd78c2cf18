using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using MlOpsPortal.Application.Audit;
using MlOpsPortal.Application.Fairness;
using MlOpsPortal.Application.Jobs;
using MlOpsPortal.Domain.Common;
using MlOpsPortal.Infrastructure.Audit;
using MlOpsPortal.Infrastructure.Jobs;
using MlOpsPortal.Infrastructure.Persistence;

namespace MlOpsPortal.Infrastructure.Fairness;

/// <summary>
/// Creates reports (checked against the dataset's schema and data first, so bad requests never become jobs) and reads
/// them. The report row, its job and the audit entry commit together; the job computes the result.
/// </summary>
internal sealed class FairnessReportService(
    IDbContextFactory<PortalDbContext> dbFactory, FairnessDataLoader loader, IJobScheduler jobs, TimeProvider time) : IFairnessReports
{
    public const string JobKind = "fairness-report";

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task<Result<FairnessReportCreated>> CreateAsync(FairnessReportRequest request, Actor actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(actor);
        if (FairnessInputBuilder.ValidateShape(request) is { } invalid)
        {
            return invalid;
        }

        if (request.Model is { } model)
        {
            await using var check = await dbFactory.CreateDbContextAsync(cancellationToken);
            if (await FairnessGateEvidence.MissingModelVersionAsync(check, model.Name, model.Version, cancellationToken) is { } missing)
            {
                return Error.Invalid(missing);
            }
        }

        var loaded = await loader.LoadAsync(request, cancellationToken);
        if (!loaded.IsSuccess)
        {
            return loaded.Error;
        }

        var (version, _) = loaded.Value;
        var reportId = Guid.NewGuid();
        var job = new JobRequest(Guid.NewGuid(), JobKind, new FairnessJobParameters(reportId), actor);
        var now = time.GetUtcNow();
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            db.FairnessReports.Add(new FairnessReportRow
            {
                Id = reportId,
                DatasetVersionId = version.Id,
                DatasetName = version.Name,
                DatasetVersion = version.Version,
                ModelName = request.Model?.Name,
                ModelVersion = request.Model?.Version,
                Features = string.Join(", ", request.SensitiveFeatures!.Select(f => f.Name)),
                Request = JsonSerializer.Serialize(request, Json),
                JobId = job.Id,
                CreatedBy = actor.Name,
                CreatedByUserId = actor.UserId,
                CreatedAt = now,
            });
            JobMapping.Stage(db, job, now);
            AuditLog.Stage(db, new AuditRecord(actor, "fairness.report_requested", "fairness_report", reportId.ToString(), null,
                new { dataset = $"{version.Name}/{version.Version}", model = request.Model is { } m ? $"{m.Name}/{m.Version}" : null, request.Label, request.PositiveLabel, features = request.SensitiveFeatures!.Select(f => f.Name) }), now);
            await db.SaveChangesAsync(cancellationToken);
        }

        await jobs.EnqueueAsync(job, cancellationToken);
        return new FairnessReportCreated(reportId, job.Id);
    }

    public async Task<Result<FairnessReportDto>> GetAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var found = await (from r in db.FairnessReports.AsNoTracking()
                           where r.Id == id
                           select new { Row = r, Job = db.Jobs.Where(j => j.Id == r.JobId).Select(j => new { j.Status, j.Error }).FirstOrDefault() })
            .FirstOrDefaultAsync(cancellationToken);
        if (found is null)
        {
            return Error.NotFound($"Fairness report {id} does not exist.");
        }

        var row = found.Row;
        var status = row.Result is not null ? "succeeded" : found.Job?.Status.ToString().ToLowerInvariant() ?? "queued";
        return new FairnessReportDto(
            row.Id,
            status,
            row.JobId,
            new DatasetVersionRef(row.DatasetName, row.DatasetVersion),
            row.ModelName is null ? null : new ModelVersionRef(row.ModelName, row.ModelVersion ?? 0),
            JsonSerializer.Deserialize<FairnessReportRequest>(row.Request, Json)!,
            row.CreatedBy,
            row.CreatedAt,
            row.Result is null ? found.Job?.Error : null,
            row.Result is null ? null : JsonSerializer.Deserialize<FairnessResultDocument>(row.Result, Json));
    }

    public async Task<IReadOnlyList<FairnessReportSummary>> ListAsync(int skip, int take, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var rows = await db.FairnessReports.AsNoTracking()
            .OrderByDescending(r => r.CreatedAt)
            .Skip(Math.Max(0, skip))
            .Take(Math.Clamp(take, 1, 500))
            .Select(r => new
            {
                r.Id, r.DatasetName, r.DatasetVersion, r.ModelName, r.ModelVersion, r.Features, r.CreatedBy, r.CreatedAt,
                Done = r.Result != null,
                Job = db.Jobs.Where(j => j.Id == r.JobId).Select(j => (JobStatus?)j.Status).FirstOrDefault(),
            })
            .ToListAsync(cancellationToken);
        return rows.Select(r => new FairnessReportSummary(
            r.Id, r.Done ? "succeeded" : r.Job?.ToString().ToLowerInvariant() ?? "queued", r.DatasetName, r.DatasetVersion, r.ModelName, r.ModelVersion, r.Features, r.CreatedBy, r.CreatedAt)).ToList();
    }
}

/// <summary>Parameters of a <c>fairness-report</c> job.</summary>
public sealed record FairnessJobParameters(Guid ReportId);
