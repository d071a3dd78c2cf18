using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore;
using MlOpsPortal.Application.Audit;
using MlOpsPortal.Application.Datasets;
using MlOpsPortal.Application.Jobs;
using MlOpsPortal.Domain.Common;
using MlOpsPortal.Infrastructure.Audit;
using MlOpsPortal.Infrastructure.Datasets;
using MlOpsPortal.Infrastructure.Jobs;
using MlOpsPortal.Infrastructure.Persistence;
using MlOpsPortal.Infrastructure.Training;

namespace MlOpsPortal.Infrastructure.LabelIssues;

/// <summary>
/// Body of <c>POST /api/v1/label-issue-jobs</c>: the dataset version, its label column, <c>folds</c> (default 5),
/// <c>algorithm</c> gbtree|gblinear (default gbtree), optional <c>hyperparameters</c> (rounds default 100) and <c>seed</c> (42).
/// </summary>
public sealed record LabelIssueRequest(DatasetRef Dataset, string Label, int? Folds = null, string? Algorithm = null, HyperparametersRequest? Hyperparameters = null, int? Seed = null);

public sealed record LabelIssueSubmitted(Guid JobId, Guid ReportId);

/// <summary>A reviewer's decision on one suspect row: <c>relabel</c> (to <see cref="Label"/>, default the suggested one), <c>drop</c> or <c>reject</c>.</summary>
public sealed record LabelDecision(long Row, string Action, string? Label = null);

public sealed record LabelDecisions(IReadOnlyList<LabelDecision>? Decisions);

/// <summary>
/// A label-issue report as the API shows it. <see cref="Status"/>: the job's status in lower case until the result exists,
/// then <c>ready</c>, and <c>applied</c> once a dataset version was created from the decisions.
/// </summary>
public sealed record LabelIssueReportView(
    Guid Id,
    Guid JobId,
    DatasetRef Dataset,
    string Label,
    int Folds,
    string Algorithm,
    string Status,
    double? EstimatedNoiseRate,
    int[][]? ConfidentJoint,
    IReadOnlyList<string>? Classes,
    long? RowsChecked,
    IReadOnlyList<LabelIssueRow> Rows,
    IReadOnlyDictionary<string, LabelDecision> Decisions,
    int? AppliedVersion,
    string? AppliedBy,
    string CreatedBy,
    DateTimeOffset CreatedAt,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Error = null);

/// <summary>Submits label-issue jobs, reads their reports, records review decisions and applies them as a new dataset version.</summary>
public sealed partial class LabelIssueService(
    IDbContextFactory<PortalDbContext> dbFactory, IDatasetCatalog catalog, IJobScheduler scheduler, IJobQueries jobs, TimeProvider time)
{
    public const string JobKind = "label-issues";

    public async Task<Result<LabelIssueSubmitted>> SubmitAsync(LabelIssueRequest request, Actor actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(actor);
        if (request.Dataset is null || string.IsNullOrWhiteSpace(request.Dataset.Name))
        {
            return Field("dataset", "'dataset' {\"name\", \"version\"} is required.");
        }

        if (string.IsNullOrWhiteSpace(request.Label))
        {
            return Field("label", "'label' (the column whose values are checked) is required.");
        }

        var folds = request.Folds ?? 5;
        if (folds is < 2 or > 20)
        {
            return Field("folds", $"'folds' must be between 2 and 20; got {folds}.");
        }

        var training = new TrainingJobRequest(
            "label-issues", request.Dataset, request.Label.Trim(), Algorithm: request.Algorithm,
            Hyperparameters: (request.Hyperparameters ?? new HyperparametersRequest()) with { Rounds = request.Hyperparameters?.Rounds ?? LabelIssueFinder.DefaultRounds },
            Seed: request.Seed);
        var spec = training.ToSpec();
        if (!spec.IsSuccess)
        {
            return spec.Error;
        }

        var version = await catalog.GetVersionAsync(request.Dataset.Name, request.Dataset.Version, cancellationToken);
        if (!version.IsSuccess)
        {
            return version.Error;
        }

        if (!version.Value.Columns.Any(c => string.Equals(c.Name, training.Label, StringComparison.Ordinal)))
        {
            return Field("label", $"There is no column '{training.Label}' in '{request.Dataset.Name}' version {request.Dataset.Version} (columns: {string.Join(", ", version.Value.Columns.Select(c => c.Name))}).");
        }

        var now = time.GetUtcNow();
        var reportId = Guid.CreateVersion7(now);
        var job = new JobRequest(Guid.CreateVersion7(now), JobKind, new LabelIssueJobParameters(reportId, training, folds), actor);
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            db.LabelIssueReports.Add(new LabelIssueReportRow
            {
                Id = reportId,
                JobId = job.Id,
                DatasetVersionId = version.Value.Id,
                Dataset = version.Value.Name,
                Version = version.Value.Version,
                Label = training.Label,
                Folds = folds,
                Algorithm = spec.Value.Algorithm.ToString().ToLowerInvariant(),
                CreatedBy = actor.Name,
                CreatedAt = now,
            });
            JobMapping.Stage(db, job, now);
            AuditLog.Stage(db, new AuditRecord(actor, "label_issues.submitted", "label_issue_report", reportId.ToString(), null,
                new { Dataset = request.Dataset.ToString(), training.Label, Folds = folds }), now);
            await db.SaveChangesAsync(cancellationToken);
        }

        await scheduler.EnqueueAsync(job, cancellationToken);
        return new LabelIssueSubmitted(job.Id, reportId);
    }

    public async Task<Result<LabelIssueReportView>> GetAsync(Guid reportId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var row = await db.LabelIssueReports.AsNoTracking().FirstOrDefaultAsync(r => r.Id == reportId, cancellationToken);
        if (row is null)
        {
            return Error.NotFound($"Label-issue report {reportId} does not exist.");
        }

        var job = row.Result is null ? await jobs.GetAsync(row.JobId, cancellationToken) : null;
        return ToView(row, job);
    }

    /// <summary>The reports of a dataset, newest first.</summary>
    public async Task<IReadOnlyList<LabelIssueReportView>> ListAsync(string dataset, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var rows = await db.LabelIssueReports.AsNoTracking().Where(r => r.Dataset == dataset).OrderByDescending(r => r.CreatedAt).Take(100).ToListAsync(cancellationToken);
        var views = new List<LabelIssueReportView>(rows.Count);
        foreach (var row in rows)
        {
            views.Add(ToView(row, row.Result is null ? await jobs.GetAsync(row.JobId, cancellationToken) : null) with { Rows = [] });
        }

        return views;
    }

    private static LabelIssueReportView ToView(LabelIssueReportRow row, JobDto? job)
    {
        var result = row.Result is null ? null : DatasetMapping.FromJson<LabelIssueResult>(row.Result);
        var status = row.AppliedVersion is not null ? "applied" : result is not null ? "ready" : (job?.Status ?? JobStatus.Queued).ToString().ToLowerInvariant();
        return new LabelIssueReportView(
            row.Id, row.JobId, new DatasetRef(row.Dataset, row.Version), row.Label, row.Folds, row.Algorithm, status,
            result?.EstimatedNoiseRate, result?.ConfidentJoint, result?.Classes, result?.RowsChecked, result?.Rows ?? [],
            DatasetMapping.FromJson<Dictionary<string, LabelDecision>>(row.Decisions), row.AppliedVersion, row.AppliedBy, row.CreatedBy, row.CreatedAt,
            job?.Status == JobStatus.Failed ? job.Error : null);
    }

    private static Error Field(string field, string message) =>
        new(ErrorCode.InvalidArgument, message, new Dictionary<string, string[]> { [field] = [message] });
}
