using Microsoft.EntityFrameworkCore;
using MlOpsPortal.Application.Jobs;
using MlOpsPortal.Domain.Common;
using MlOpsPortal.Infrastructure.Datasets;
using MlOpsPortal.Infrastructure.Persistence;
using MlOpsPortal.Infrastructure.Training;

namespace MlOpsPortal.Infrastructure.LabelIssues;

/// <summary>Parameters of a <c>label-issues</c> job: the report it fills and the training-shaped request it runs.</summary>
public sealed record LabelIssueJobParameters(Guid ReportId, TrainingJobRequest Request, int Folds);

/// <summary>
/// The <c>label-issues</c> job: loads the dataset version (typed column cache or CSV), runs <see cref="LabelIssueFinder"/>
/// and stores the result on the report. Idempotent: a report that has a result already is left as it is.
/// </summary>
internal sealed class LabelIssueJob(IDbContextFactory<PortalDbContext> dbFactory, TrainingDatasets datasets, LabelIssueFinder finder) : IJobHandler
{
    public async Task<Result<string?>> RunAsync(IJobContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var parameters = context.GetParameters<LabelIssueJobParameters>();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var report = await db.LabelIssueReports.AsNoTracking().FirstOrDefaultAsync(r => r.Id == parameters.ReportId, cancellationToken);
        if (report is null)
        {
            return Error.NotFound($"Label-issue report {parameters.ReportId} does not exist.");
        }

        if (report.Result is not null)
        {
            return Result<string?>.Ok("already done");
        }

        var spec = parameters.Request.ToSpec();
        if (!spec.IsSuccess)
        {
            return spec.Error;
        }

        context.ReportProgress(0, $"Loading {report.Dataset} v{report.Version}");
        var table = await datasets.LoadAsync(parameters.Request.TrainDataset, "label-issue", cancellationToken);
        if (!table.IsSuccess)
        {
            return table.Error;
        }

        context.Log($"{table.Value.RowCount} rows; {parameters.Folds}-fold out-of-fold probabilities with {parameters.Request.Algorithm ?? "gbtree"}");
        var found = await Task.Run(() => finder.Find(table.Value, spec.Value, parameters.Folds, (p, step) => context.ReportProgress(p, step), cancellationToken), cancellationToken);
        if (!found.IsSuccess)
        {
            return found.Error;
        }

        var json = DatasetMapping.ToJson(found.Value);
        await db.LabelIssueReports.Where(r => r.Id == report.Id && r.Result == null)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.Result, json), cancellationToken);
        var summary = $"{found.Value.Rows.Count} suspect label(s) of {found.Value.RowsChecked} rows; estimated noise rate {found.Value.EstimatedNoiseRate:P2}";
        context.Log(summary);
        return Result<string?>.Ok(summary);
    }
}
