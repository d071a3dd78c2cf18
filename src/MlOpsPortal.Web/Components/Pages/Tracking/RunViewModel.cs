using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using MlOpsPortal.Domain.Tracking;
using MlOpsPortal.Infrastructure.Persistence;
using MlOpsPortal.Infrastructure.Tracking;
using MlOpsPortal.Infrastructure.Training;
using MlOpsPortal.Web.Auth;

namespace MlOpsPortal.Web.Components.Pages.Tracking;

/// <summary>One dataset version a run read, with the link to its page when the version still exists.</summary>
public sealed record RunInputLink(string Dataset, int? Version, string Role, string? Digest)
{
    public string Label => Version is { } v ? $"{Dataset} v{v}" : Dataset;

    public string? Href => Version is { } v ? $"/datasets/{Uri.EscapeDataString(Dataset)}/versions/{v}" : null;
}

/// <summary>
/// One run: info, params, tags, inputs (linked to dataset versions), one learning-curve chart per metric family (every
/// logged point, by step or time), single-value metrics as a table, and its markdown note.
/// </summary>
public sealed class RunViewModel(RunService runs, MetricHistoryService history, ExperimentService experiments, IDbContextFactory<PortalDbContext> dbFactory)
{
    /// <summary>At most this many metric histories are charted (keys beyond it are listed as values).</summary>
    public const int MaxChartedKeys = 40;

    public RunDto? Run { get; private set; }

    public string? ExperimentName { get; private set; }

    public string? Error { get; private set; }

    public IReadOnlyList<MetricFamily> Families { get; private set; } = [];

    public IReadOnlyList<SingleMetric> Singles { get; private set; } = [];

    public IReadOnlyList<RunInputLink> Inputs { get; private set; } = [];

    public bool ByTime { get; set; }

    public string Note { get; set; } = string.Empty;

    public IEnumerable<KeyValue> UserTags => Run?.Tags.Where(t => !t.Key.StartsWith("mlflow.", StringComparison.Ordinal) && t.Key != TrackingLimits.NoteTag) ?? [];

    /// <summary>The portal job that trained this run, when it was trained here (so it can be cloned).</summary>
    public Guid? JobId => Run?.Tags.FirstOrDefault(t => t.Key == TrainingRunLog.JobIdTag)?.Value is { } id && Guid.TryParse(id, out var g) ? g : null;

    public async Task LoadAsync(string runId, CancellationToken cancellationToken)
    {
        var result = await runs.GetAsync(runId, cancellationToken);
        if (!result.IsSuccess)
        {
            Error = result.Error.Message;
            Run = null;
            return;
        }

        Run = result.Value;
        Error = null;
        Note = Run.Note ?? string.Empty;
        var experiment = await experiments.GetAsync(Run.Info.ExperimentId, cancellationToken);
        ExperimentName = experiment.IsSuccess ? experiment.Value.Name : null;
        Inputs = await ResolveInputsAsync(Run.Inputs, cancellationToken);
        await LoadChartsAsync(cancellationToken);
    }

    public async Task LoadChartsAsync(CancellationToken cancellationToken)
    {
        if (Run is null)
        {
            return;
        }

        var counts = await history.PointCountsAsync(Run.Info.RunId, cancellationToken);
        var pointCounts = counts.IsSuccess ? counts.Value : new Dictionary<string, long>();
        var series = new List<ChartSeries>();
        foreach (var key in pointCounts.Where(c => c.Value > 1).Select(c => c.Key).Order(StringComparer.Ordinal).Take(MaxChartedKeys))
        {
            var chart = await history.GetChartAsync(Run.Info.RunId, key, ByTime, MetricHistoryService.DefaultChartPoints, cancellationToken);
            if (chart.IsSuccess)
            {
                series.Add(chart.Value);
            }
        }

        Families = MetricCharts.Group(series);
        Singles = MetricCharts.Singles(Run.Metrics, Families.SelectMany(f => f.Series).Select(s => s.Key).ToHashSet(StringComparer.Ordinal));
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

    private async Task<IReadOnlyList<RunInputLink>> ResolveInputsAsync(IReadOnlyList<RunInputDto> inputs, CancellationToken cancellationToken)
    {
        if (inputs.Count == 0)
        {
            return [];
        }

        var ids = inputs.Select(i => Guid.TryParse(i.DatasetVersionId, out var g) ? g : (Guid?)null).OfType<Guid>().ToList();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var versions = await db.DatasetVersions.AsNoTracking().Where(v => ids.Contains(v.Id)).Select(v => new { v.Id, v.Version }).ToDictionaryAsync(v => v.Id, v => v.Version, cancellationToken);
        return inputs.Select(i => new RunInputLink(
            i.DatasetName,
            Guid.TryParse(i.DatasetVersionId, out var g) && versions.TryGetValue(g, out var v) ? v : null,
            i.Role,
            i.DatasetDigest)).ToList();
    }
}
