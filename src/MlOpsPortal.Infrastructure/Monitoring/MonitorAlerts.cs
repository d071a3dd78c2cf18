using System.Globalization;
using Microsoft.EntityFrameworkCore;
using MlOpsPortal.Application.Audit;
using MlOpsPortal.Domain.Registry;
using MlOpsPortal.Infrastructure.Inference;
using MlOpsPortal.Infrastructure.Persistence;
using MlOpsPortal.Infrastructure.Recipes;
using MlOpsPortal.Infrastructure.Registry;

namespace MlOpsPortal.Infrastructure.Monitoring;

/// <summary>
/// A monitor's alert rules, applied to each of its drift reports: drift share ≥ <see cref="MonitorRow.DriftShareAlert"/>,
/// and live <see cref="MonitorRow.MetricAlert"/> (accuracy or roc_auc) below <see cref="MonitorRow.MetricBelow"/> once
/// labels have arrived. Each alert is stored, notifies the monitor's creator, queues a <c>monitoring.alert</c> webhook
/// delivery (same transaction), and — when the monitor names a retraining recipe — fires that recipe once per report.
/// </summary>
internal sealed class MonitorAlerts(IDbContextFactory<PortalDbContext> dbFactory, RecipeService recipes, RegistryChangeNotifier notifier, TimeProvider time)
{
    public async Task<IReadOnlyList<string>> EvaluateAsync(Guid monitorId, DriftReportRow report, LivePerformance? performance, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var monitor = await db.Monitors.AsNoTracking().FirstOrDefaultAsync(m => m.Id == monitorId, cancellationToken);
        if (monitor is null || await db.MonitorAlerts.AnyAsync(a => a.ReportId == report.Id, cancellationToken))
        {
            return [];
        }

        var raised = new List<(string Kind, string Message)>();
        if (monitor.DriftShareAlert is { } share && report.DriftShare >= share)
        {
            raised.Add(("drift", string.Create(CultureInfo.InvariantCulture,
                $"Monitor '{monitor.Name}': {report.DriftedColumns} of {report.Columns} columns drifted (share {report.DriftShare:0.00} ≥ {share:0.00}) for {monitor.ModelName}@{monitor.Alias} v{report.Version}.")));
        }

        if (monitor.MetricAlert is { } metric && monitor.MetricBelow is { } floor && performance is not null
            && Metric(performance, metric) is { } value && value < floor)
        {
            raised.Add(("performance", string.Create(CultureInfo.InvariantCulture,
                $"Monitor '{monitor.Name}': live {metric} {value:0.####} < {floor:0.####} over {performance.Labelled:N0} labelled predictions of {monitor.ModelName}@{monitor.Alias}.")));
        }

        if (raised.Count == 0)
        {
            return [];
        }

        var now = time.GetUtcNow();
        var lines = new List<string>();
        Guid? firing = null;
        if (monitor.RetrainRecipe is { } recipe)
        {
            // One retraining per report, however many rules it broke.
            var fired = await recipes.RunNowAsync(recipe, new Actor($"monitor:{monitor.Name}"), cancellationToken);
            firing = fired.IsSuccess ? fired.Value.Id : null;
            lines.Add(fired.IsSuccess ? $"Fired retraining recipe '{recipe}' (firing {fired.Value.Id})." : $"Could not fire recipe '{recipe}': {fired.Error.Message}");
        }

        foreach (var (kind, message) in raised)
        {
            db.MonitorAlerts.Add(new MonitorAlertRow { MonitorId = monitor.Id, ReportId = report.Id, Kind = kind, Message = message, RecipeFiringId = firing, At = now });
            if (monitor.CreatedByUserId is { } user)
            {
                RegistryJournal.Notify(db, [user], now, "monitoring.alert", message, $"/monitoring/{Uri.EscapeDataString(monitor.Name)}");
            }

            await RegistryJournal.WebhookAsync(db, RegistryEvents.MonitoringAlert, new
            {
                monitor = monitor.Name, model = monitor.ModelName, alias = monitor.Alias, version = report.Version, kind, message,
                report_id = report.Id, drift_share = report.DriftShare, recipe_firing_id = firing,
            }, now, cancellationToken);
            lines.Add("Alert: " + message);
        }

        await db.SaveChangesAsync(cancellationToken);
        notifier.Notify();
        return lines;
    }

    private static double? Metric(LivePerformance performance, string metric) => metric switch
    {
        "accuracy" => performance.Accuracy,
        "roc_auc" => performance.RocAuc,
        _ => null,
    };
}
