using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using MlOpsPortal.Application.Audit;
using MlOpsPortal.Application.Fairness;
using MlOpsPortal.Domain.Common;
using MlOpsPortal.Domain.Fairness;
using MlOpsPortal.Infrastructure.Persistence;

namespace MlOpsPortal.Infrastructure.Fairness;

/// <summary>
/// Group thresholds on a report's data (the report must be in score mode): reads the report's columns again, runs
/// <see cref="GroupThresholdOptimizer"/> from the report's single threshold and records the outcome in the audit log.
/// </summary>
internal sealed class FairnessThresholdService(IDbContextFactory<PortalDbContext> dbFactory, FairnessDataLoader loader, IAuditLog audit, Tracking.RunService runs) : IFairnessThresholds
{
    public async Task<Result<GroupThresholdResponse>> ComputeAsync(Guid reportId, GroupThresholdRequest request, Actor actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var parsed = ThresholdMapping.Parse(request);
        if (!parsed.IsSuccess)
        {
            return parsed.Error;
        }

        var tolerance = request.Tolerance ?? 0.05;
        string? requestJson;
        string? runId = null;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            var row = await db.FairnessReports.AsNoTracking().Where(r => r.Id == reportId).Select(r => new { r.Request, r.ModelName, r.ModelVersion }).FirstOrDefaultAsync(cancellationToken);
            requestJson = row?.Request;
            if (row?.ModelName is { } model && row.ModelVersion is { } version)
            {
                runId = await (from m in db.Set<Registry.RegisteredModel>().AsNoTracking()
                               join v in db.Set<Registry.ModelVersion>().AsNoTracking() on m.Id equals v.ModelId
                               where m.Name == model && v.Version == version
                               select v.RunId).FirstOrDefaultAsync(cancellationToken);
            }
        }

        if (requestJson is null)
        {
            return Error.NotFound($"Fairness report {reportId} does not exist.");
        }

        var report = JsonSerializer.Deserialize<FairnessReportRequest>(requestJson, FairnessReportService.Json)!;
        if (!string.IsNullOrWhiteSpace(report.Prediction))
        {
            return Error.Invalid("Group thresholds need scores: this report was made from a prediction column.");
        }

        var feature = request.Feature ?? report.SensitiveFeatures![0].Name;
        if (report.SensitiveFeatures!.All(f => f.Name != feature))
        {
            return Error.Invalid($"'{feature}' is not a sensitive feature of this report ({string.Join(", ", report.SensitiveFeatures!.Select(f => f.Name))}).");
        }

        var loaded = await loader.LoadAsync(report, cancellationToken);
        if (!loaded.IsSuccess)
        {
            return loaded.Error;
        }

        var input = loaded.Value.Input;
        var groups = input.Input.Features.Single(f => f.Name == feature).Values;
        var optimized = GroupThresholdOptimizer.Optimize(
            input.Input.Actual, input.Input.Scores!, groups, parsed.Value.Constraint, parsed.Value.Objective, tolerance, input.Threshold ?? 0.5);
        if (!optimized.IsSuccess)
        {
            return optimized.Error;
        }

        var o = optimized.Value;
        var response = new GroupThresholdResponse(
            reportId, feature, parsed.Value.Constraint.ToString(), parsed.Value.Objective.ToString(), tolerance, "hardt2016-deterministic",
            ThresholdMapping.ToDto(o.Before), ThresholdMapping.ToDto(o.After), o.TradeOff.Select(ThresholdMapping.ToDto).ToList());
        await audit.WriteAsync(new AuditRecord(actor, "fairness.group_thresholds_computed", "fairness_report", reportId.ToString(), null,
            new { feature, response.Constraint, response.Objective, tolerance, thresholds = response.After.Thresholds, before = response.Before.Accuracy, after = response.After.Accuracy,
                dpBefore = response.Before.DemographicParityDifference, dpAfter = response.After.DemographicParityDifference }), cancellationToken);
        if (runId is not null)
        {
            // Recorded on the model's training run, next to its reweighing params: the thresholds a deployment would apply.
            var tag = JsonSerializer.Serialize(new { reportId, response.Constraint, response.Objective, tolerance, thresholds = response.After.Thresholds }, FairnessReportService.Json);
            await runs.SetTagAsync(actor, runId, $"fairness.group_thresholds.{feature}", tag, cancellationToken);
        }

        return response;
    }
}
