using System.Security.Claims;
using MlOpsPortal.Domain.Tracking;
using MlOpsPortal.Infrastructure.Tracking;
using MlOpsPortal.Web.Auth;

namespace MlOpsPortal.Web.Components.Pages.Tracking;

/// <summary>One run: info, params, tags, inputs, a downsampled chart per metric (by step or time), and its markdown note.</summary>
public sealed class RunViewModel(RunService runs, MetricHistoryService history)
{
    public const int MaxCharts = 12;

    public RunDto? Run { get; private set; }

    public string? Error { get; private set; }

    public IReadOnlyList<ChartSeries> Charts { get; private set; } = [];

    public bool ByTime { get; set; }

    public string Note { get; set; } = string.Empty;

    public IEnumerable<KeyValue> UserTags => Run?.Tags.Where(t => !t.Key.StartsWith("mlflow.", StringComparison.Ordinal)) ?? [];

    public async Task LoadAsync(string runId, CancellationToken cancellationToken)
    {
        var result = await runs.GetAsync(runId, cancellationToken);
        if (!result.IsSuccess)
        {
            Error = result.Error.Message;
            return;
        }

        Run = result.Value;
        Note = Run.Note ?? string.Empty;
        await LoadChartsAsync(cancellationToken);
    }

    public async Task LoadChartsAsync(CancellationToken cancellationToken)
    {
        if (Run is null)
        {
            return;
        }

        var charts = new List<ChartSeries>();
        foreach (var metric in Run.Metrics.Take(MaxCharts))
        {
            var chart = await history.GetChartAsync(Run.Info.RunId, metric.Key, ByTime, MetricHistoryService.DefaultChartPoints, cancellationToken);
            if (chart.IsSuccess)
            {
                charts.Add(chart.Value);
            }
        }

        Charts = charts;
    }

    public async Task<bool> SaveNoteAsync(ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        if (Run is null)
        {
            return false;
        }

        if (TrackingAccess.RequireWrite(user) is { } forbidden)
        {
            Error = forbidden.Message;
            return false;
        }

        var result = await runs.SetTagAsync(CurrentActor.From(user), Run.Info.RunId, TrackingLimits.NoteTag, Note, cancellationToken);
        Error = result.IsSuccess ? null : result.Error.Message;
        return result.IsSuccess;
    }
}
