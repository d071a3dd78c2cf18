using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using MlOpsPortal.Application.Fairness;
using MlOpsPortal.Application.Jobs;
using MlOpsPortal.Domain.Common;
using MlOpsPortal.Domain.Fairness;
using MlOpsPortal.Infrastructure.Persistence;

namespace MlOpsPortal.Infrastructure.Fairness;

/// <summary>
/// The <c>fairness-report</c> job: reads only the report's columns of the dataset version, runs
/// <see cref="FairnessAnalyzer"/> (bootstrap intervals, seeded) and stores the result once. Idempotent: a report that
/// already has a result is left as it is.
/// </summary>
internal sealed class FairnessReportJob(IDbContextFactory<PortalDbContext> dbFactory, FairnessDataLoader loader, TimeProvider time) : IJobHandler
{
    public async Task<Result<string?>> RunAsync(IJobContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var reportId = context.GetParameters<FairnessJobParameters>().ReportId;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var row = await db.FairnessReports.AsNoTracking().FirstOrDefaultAsync(r => r.Id == reportId, cancellationToken);
        if (row is null)
        {
            return Error.NotFound($"Fairness report {reportId} does not exist.");
        }

        if (row.Result is not null)
        {
            return Result<string?>.Ok("already computed");
        }

        var request = JsonSerializer.Deserialize<FairnessReportRequest>(row.Request, FairnessReportService.Json)!;
        context.ReportProgress(5, $"Reading {row.DatasetName} v{row.DatasetVersion}");
        var loaded = await loader.LoadAsync(request, cancellationToken);
        if (!loaded.IsSuccess)
        {
            return loaded.Error;
        }

        var built = loaded.Value.Input;
        context.Log($"{built.Input.Actual.Length.ToString("N0", CultureInfo.InvariantCulture)} rows; features {row.Features}; negative label '{built.NegativeLabel}'");
        context.ReportProgress(30, "Computing metrics and bootstrap intervals");
        var options = new FairnessOptions
        {
            Intersectional = request.Intersectional && request.SensitiveFeatures!.Count > 1,
            PrivilegedGroups = request.PrivilegedGroups,
            BootstrapResamples = request.BootstrapResamples ?? 200,
            Seed = request.Seed ?? 42,
        };
        var report = FairnessAnalyzer.Analyze(built.Input, options, cancellationToken);
        if (!report.IsSuccess)
        {
            return report.Error;
        }

        context.ReportProgress(95, "Saving report");
        var json = JsonSerializer.Serialize(FairnessReportMapper.ToDocument(report.Value, built), FairnessReportService.Json);
        var now = time.GetUtcNow();
        await db.FairnessReports.Where(r => r.Id == reportId && r.Result == null)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.Result, json).SetProperty(r => r.CompletedAt, now), cancellationToken);
        context.Log("Report stored");
        return Result<string?>.Ok($"Report over {report.Value.Groupings.Sum(g => g.Groups.Count)} groups");
    }
}
