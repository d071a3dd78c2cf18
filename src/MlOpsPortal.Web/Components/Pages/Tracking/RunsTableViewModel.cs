using System.Globalization;
using MlOpsPortal.Infrastructure.Tracking;

namespace MlOpsPortal.Web.Components.Pages.Tracking;

/// <summary>
/// The runs table of one experiment: MLflow filter and order_by (attributes, metrics, params) applied in SQL, server-side
/// paging, chosen metric and param columns, the whole view in <see cref="State"/> (and so in the URL), and a selection of
/// 2–10 runs to compare.
/// </summary>
public sealed class RunsTableViewModel(RunSearchService search)
{
    public const int MaxCompare = 10;
    private readonly HashSet<string> _selected = new(StringComparer.Ordinal);
    private string? _countedFor;

    public string ExperimentId { get; set; } = "0";

    public RunsGridState State { get; set; } = RunsGridState.Default;

    public IReadOnlyList<RunDto> Rows { get; private set; } = [];

    public int Count { get; private set; }

    /// <summary>Why the filter or sort was refused, in MLflow's words, shown under the filter box.</summary>
    public string? FilterError { get; private set; }

    public IReadOnlyList<string> MetricKeys { get; private set; } = [];

    public IReadOnlyList<string> ParamKeys { get; private set; } = [];

    /// <summary>Every column the chooser offers: <c>metrics.KEY</c> then <c>params.KEY</c>.</summary>
    public IEnumerable<string> AllColumns =>
        MetricKeys.Select(k => RunsGridState.MetricPrefix + k).Concat(ParamKeys.Select(k => RunsGridState.ParamPrefix + k));

    /// <summary>The chosen columns, or the first 4 metrics and 3 params until the user chooses.</summary>
    public IReadOnlyList<string> Columns => State.Columns ?? DefaultColumns(MetricKeys, ParamKeys);

    public IEnumerable<string> MetricColumns => Columns.Where(c => c.StartsWith(RunsGridState.MetricPrefix, StringComparison.Ordinal)).Select(c => c[RunsGridState.MetricPrefix.Length..]);

    public IEnumerable<string> ParamColumns => Columns.Where(c => c.StartsWith(RunsGridState.ParamPrefix, StringComparison.Ordinal)).Select(c => c[RunsGridState.ParamPrefix.Length..]);

    public IReadOnlyCollection<string> Selected => _selected;

    public bool CanCompare => _selected.Count is >= 2 and <= MaxCompare;

    public string Url => State.ToUrl(ExperimentId);

    public static IReadOnlyList<string> DefaultColumns(IReadOnlyList<string> metricKeys, IReadOnlyList<string> paramKeys) =>
        [.. metricKeys.Take(4).Select(k => RunsGridState.MetricPrefix + k), .. paramKeys.Take(3).Select(k => RunsGridState.ParamPrefix + k)];

    public async Task LoadKeysAsync(CancellationToken cancellationToken)
    {
        if (!long.TryParse(ExperimentId, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
        {
            return;
        }

        (MetricKeys, ParamKeys) = await search.KeysAsync(id, cancellationToken);
    }

    /// <summary>
    /// Loads the page <see cref="State"/> names. The total is counted only when the experiment or filter changed since the
    /// last count, not on every page turn.
    /// </summary>
    public async Task LoadAsync(CancellationToken cancellationToken)
    {
        var countKey = ExperimentId + "\n" + State.Filter;
        var order = State.OrderBy is { } o ? (IReadOnlyList<string>)[o] : null;
        var request = new RunSearchRequest([ExperimentId], State.Filter, order,
            MaxResults: Math.Clamp(State.PageSize, 1, 500), IncludeTotal: countKey != _countedFor, Offset: Math.Max(0, State.Page * State.PageSize));
        var result = await search.SearchAsync(request, cancellationToken);
        if (!result.IsSuccess)
        {
            FilterError = DescribeError(result.Error.Message);
            Rows = [];
            Count = 0;
            _countedFor = null;
            return;
        }

        FilterError = null;
        Rows = result.Value.Runs;
        if (result.Value.Total is { } total)
        {
            Count = total;
            _countedFor = countKey;
        }
    }

    /// <summary>The filter's error in the user's words: what was wrong, and an example of the syntax.</summary>
    public static string DescribeError(string message) =>
        $"The filter could not be applied: {message.TrimEnd('.')}. Example: metrics.auc > 0.8 and params.max_depth = '6'";

    public void Toggle(string runId)
    {
        if (!_selected.Remove(runId) && _selected.Count < MaxCompare)
        {
            _selected.Add(runId);
        }
    }

    public bool IsSelected(string runId) => _selected.Contains(runId);

    public string CompareUrl => $"/experiments/{ExperimentId}/compare?runs={string.Join(',', _selected)}";

    public static string Metric(RunDto run, string key) =>
        run.Metrics.FirstOrDefault(m => m.Key == key) is { } m ? NumberFormat.Format(m.Value) : string.Empty;

    public static string Param(RunDto run, string key) => run.Params.FirstOrDefault(p => p.Key == key)?.Value ?? string.Empty;

    public static DateTimeOffset Time(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms);

    /// <summary>"3m 20s", "1h 02m", "450 ms": how long a run took; empty while it runs.</summary>
    public static string Duration(RunInfoDto info) =>
        info.EndTime is { } end && end >= info.StartTime ? NumberFormat.Duration(TimeSpan.FromMilliseconds(end - info.StartTime)) : string.Empty;
}
