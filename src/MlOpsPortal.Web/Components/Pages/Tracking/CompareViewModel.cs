using MlOpsPortal.Infrastructure.Tracking;

namespace MlOpsPortal.Web.Components.Pages.Tracking;

/// <summary>One row of the compare table: a param or metric key with each run's value, and whether they differ.</summary>
public sealed record CompareRow(string Key, IReadOnlyList<string> Values, bool Differs);

/// <summary>Compare 2–10 runs: params side by side with differences flagged, latest metrics, a parameter-against-metric scatter and overlaid metric charts.</summary>
public sealed class CompareViewModel(RunSearchService search, MetricHistoryService history, ExperimentService experiments)
{
    public string? ExperimentName { get; private set; }

    public bool ByTime { get; set; }

    public (IList<Plotly.Blazor.ITrace> Traces, string AxisTitle) OverlayChart { get; private set; } = ([], "step");

    public IReadOnlyList<ParallelAxis> ParallelAxes { get; private set; } = [];

    public (IList<Plotly.Blazor.ITrace> Traces, Plotly.Blazor.Layout Layout) ParallelChart { get; private set; } = ([], new Plotly.Blazor.Layout());

    public (IList<Plotly.Blazor.ITrace> Traces, Plotly.Blazor.Layout Layout) ScatterChart { get; private set; } = ([], new Plotly.Blazor.Layout());

    public IReadOnlyList<RunDto> Runs { get; private set; } = [];

    public IReadOnlyList<CompareRow> ParamRows { get; private set; } = [];

    public IReadOnlyList<CompareRow> MetricRows { get; private set; } = [];

    public string? Error { get; private set; }

    public string? ChartKey { get; set; }

    public IReadOnlyList<ChartSeries> Overlay { get; private set; } = [];

    public bool OnlyDifferences { get; set; }

    /// <summary>The parameter on the scatter's x axis.</summary>
    public string? ScatterParam { get; set; }

    /// <summary>The metric on the scatter's y axis.</summary>
    public string? ScatterMetric { get; set; }

    public ScatterPlot Scatter { get; private set; } = ScatterPlot.Empty;

    public async Task LoadAsync(string experimentId, IReadOnlyList<string> runIds, CancellationToken cancellationToken)
    {
        var experiment = await experiments.GetAsync(experimentId, cancellationToken);
        ExperimentName = experiment.IsSuccess ? experiment.Value.Name : null;
        await LoadAsync(runIds, cancellationToken);
    }

    public async Task LoadAsync(IReadOnlyList<string> runIds, CancellationToken cancellationToken)
    {
        var result = await search.CompareAsync(runIds, cancellationToken);
        if (!result.IsSuccess)
        {
            Error = result.Error.Message;
            return;
        }

        Runs = result.Value;
        ParamRows = BuildRows(Runs, r => r.Params.ToDictionary(p => p.Key, p => p.Value));
        MetricRows = BuildRows(Runs, r => r.Metrics.ToDictionary(m => m.Key, m => NumberFormat.Format(m.Value)));
        ChartKey ??= MetricRows.Count > 0 ? MetricRows[0].Key : null;
        if (!ParamRows.Any(r => r.Key == ScatterParam))
        {
            ScatterParam = CompareScatter.DefaultParam(ParamRows);
        }

        if (!MetricRows.Any(r => r.Key == ScatterMetric))
        {
            ScatterMetric = CompareScatter.DefaultMetric(MetricRows, ChartKey);
        }

        BuildScatter();
        await LoadOverlayAsync(cancellationToken);
    }

    /// <summary>Re-plots the scatter for the chosen parameter and metric.</summary>
    public void BuildScatter()
    {
        Scatter = CompareScatter.Build(Runs, ScatterParam, ScatterMetric);
        ScatterChart = CompareCharts.Scatter(Scatter);
        ParallelAxes = CompareCharts.ParallelAxes(Runs, ParamRows, ScatterMetric);
        ParallelChart = CompareCharts.Parallel(Runs, ParallelAxes);
    }

    public async Task LoadOverlayAsync(CancellationToken cancellationToken)
    {
        if (ChartKey is null)
        {
            Overlay = [];
            OverlayChart = ([], "step");
            return;
        }

        var series = new List<ChartSeries>();
        foreach (var run in Runs)
        {
            var chart = await history.GetChartAsync(run.Info.RunId, ChartKey, ByTime, MetricHistoryService.DefaultChartPoints, cancellationToken);
            if (chart.IsSuccess)
            {
                series.Add(chart.Value);
            }
        }

        Overlay = series;
        OverlayChart = CompareCharts.Overlay(series, ByTime, RunLabel);
    }

    public IEnumerable<CompareRow> VisibleParams => OnlyDifferences ? ParamRows.Where(r => r.Differs) : ParamRows;

    /// <summary>Every key of any run, in order, with each run's value ("" when absent); differs when not all equal.</summary>
    public static IReadOnlyList<CompareRow> BuildRows(IReadOnlyList<RunDto> runs, Func<RunDto, Dictionary<string, string>> values)
    {
        var maps = runs.Select(values).ToList();
        return maps.SelectMany(m => m.Keys).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)
            .Select(key =>
            {
                var row = maps.Select(m => m.TryGetValue(key, out var v) ? v : string.Empty).ToList();
                return new CompareRow(key, row, row.Distinct(StringComparer.Ordinal).Skip(1).Any());
            })
            .ToList();
    }

    public string RunLabel(string runId) => Runs.FirstOrDefault(r => r.Info.RunId == runId)?.Info.RunName ?? runId;
}
