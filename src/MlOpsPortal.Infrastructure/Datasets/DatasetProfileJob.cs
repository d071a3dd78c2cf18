using System.Globalization;
using Microsoft.EntityFrameworkCore;
using MlOpsPortal.Application.Artifacts;
using MlOpsPortal.Application.Datasets;
using MlOpsPortal.Application.Jobs;
using MlOpsPortal.Application.Quality;
using MlOpsPortal.Domain.Common;
using MlOpsPortal.Infrastructure.Persistence;

namespace MlOpsPortal.Infrastructure.Datasets;

/// <summary>
/// The <c>dataset-profile</c> job: streams the stored file through <see cref="DatasetProfiler"/> with the version's current
/// schema, reporting the share of bytes read as progress, and stores the profile on the version. Idempotent: a job that is
/// no longer the version's profile job (the schema was corrected meanwhile) stores nothing. Before storing the profile it writes the
/// version's typed column cache (<see cref="DatasetColumnCache"/>) so the first training job on it skips the CSV parse, and
/// evaluates the dataset's data-quality rules into the version's quality report (<see cref="Quality.DataQualityService"/>).
/// </summary>
internal sealed class DatasetProfileJob(
    IDbContextFactory<PortalDbContext> dbFactory, IArtifactStore artifacts, DatasetColumnCache cache, Quality.DataQualityService quality) : IJobHandler
{
    public async Task<Result<string?>> RunAsync(IJobContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var parameters = context.GetParameters<ProfileJobParameters>();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var row = await db.DatasetVersions.AsNoTracking().FirstOrDefaultAsync(v => v.Id == parameters.DatasetVersionId, cancellationToken);
        if (row is null)
        {
            return Error.NotFound($"Dataset version {parameters.DatasetVersionId} does not exist.");
        }

        if (row.ProfileJobId != context.JobId)
        {
            context.Log("The version's schema changed since this job was queued; a newer profile job replaces it.");
            return Result<string?>.Ok("superseded");
        }

        var schema = new DatasetSchema(DatasetMapping.FromJson<CsvFormat>(row.Format), DatasetMapping.FromJson<List<ColumnSchema>>(row.Schema));
        context.ReportProgress(0, $"Profiling {parameters.Dataset}");
        context.Log($"Profiling {row.Rows.ToString("N0", CultureInfo.InvariantCulture)} rows, {row.SizeBytes.ToString("N0", CultureInfo.InvariantCulture)} bytes, {schema.Columns.Count} columns");
        var opened = await artifacts.OpenReadAsync(row.ArtifactSha256, cancellationToken);
        if (!opened.IsSuccess)
        {
            return opened.Error;
        }

        Result<DatasetProfile> profiled;
        await using (var file = opened.Value)
        {
            var progress = new Progress(context);
            profiled = await DatasetProfiler.ProfileAsync(file, schema, row.SizeBytes, progress, cancellationToken);
        }

        if (!profiled.IsSuccess)
        {
            return profiled.Error;
        }

        // Before the profile is stored, so a version shown as profiled is also ready for jobs to read quickly.
        context.ReportProgress(98, "Caching typed columns");
        var warmed = await cache.WarmAsync(row.Id, schema, row.ArtifactSha256, row.Rows, cancellationToken);
        context.Log(warmed switch
        {
            { IsSuccess: false } => $"Typed column cache not written: {warmed.Error.Message}",
            { Value: true } => "Typed column cache written",
            _ => "Typed column cache: already present or too large",
        });
        context.ReportProgress(99, "Checking data-quality rules");
        var checkedRules = await quality.EvaluateAsync(row.Id, null, cancellationToken);
        context.Log(checkedRules switch
        {
            { IsSuccess: false } => $"Data-quality rules not evaluated: {checkedRules.Error.Message}",
            { Value: null } => "No data-quality rules",
            { Value: { } report } => $"Data quality: {report.Status} ({report.Checks.Count(c => c.Status == Application.Quality.QualityCheckStatus.Passed)} of {report.Checks.Count} rules pass)",
        });
        context.ReportProgress(99, "Looking for personal data");
        var profile = await WithPersonalDataAsync(profiled.Value, row.Id, schema, cancellationToken);
        foreach (var found in profile.Columns.Where(c => c.Pii is not null))
        {
            context.Log($"Personal data: column '{found.Name}' looks like {found.Pii!.Kind} ({found.Pii.Share:P0} of values)");
        }

        context.ReportProgress(99, "Saving profile");
        var json = DatasetMapping.ToJson(profile);
        var jobId = context.JobId;
        await db.DatasetVersions.Where(v => v.Id == row.Id && v.ProfileJobId == jobId)
            .ExecuteUpdateAsync(s => s.SetProperty(v => v.Profile, json), cancellationToken);
        context.Log("Profile stored");
        return Result<string?>.Ok($"Profiled {profiled.Value.Columns.Count} columns");
    }

    /// <summary>The profile with <see cref="ColumnProfile.Pii"/> set on columns that hold personal data (<see cref="PiiDetector"/>).</summary>
    private async Task<DatasetProfile> WithPersonalDataAsync(DatasetProfile profile, Guid versionId, DatasetSchema schema, CancellationToken cancellationToken)
    {
        var table = await cache.TryReadAsync(versionId, schema, null, cancellationToken);
        var columns = profile.Columns.Select(c =>
        {
            var data = table?.Find(c.Name);
            IEnumerable<string?> values = data is null ? []
                : data.Numbers is { } numbers ? numbers.Take(PiiDetector.SampleSize).Select(n => double.IsNaN(n) ? null : n.ToString("R", CultureInfo.InvariantCulture))
                : data.Values!.Take(PiiDetector.SampleSize * 2);
            return c with { Pii = PiiDetector.Detect(c.Name, values) };
        }).ToList();
        return profile with { Columns = columns };
    }

    /// <summary>Synchronous progress sink: the job context only buffers, the runner's heartbeat writes it.</summary>
    private sealed class Progress(IJobContext context) : IProgress<double>
    {
        public void Report(double value) => context.ReportProgress(value * 98, "Profiling");
    }
}
