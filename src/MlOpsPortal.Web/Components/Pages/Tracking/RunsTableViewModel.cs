using System.Globalization;
using MlOpsPortal.Infrastructure.Tracking;

namespace MlOpsPortal.Web.Components.Pages.Tracking;

/// <summary>
/// The runs table of one experiment: MLflow filter and order_by applied in SQL, server-side paging, a column picker
/// for params and metrics, and a selection of 2–10 runs to compare.
/// </summary>
public sealed class RunsTableViewModel(RunSearchService search)
{
    public const int MaxCompare = 10;
    private readonly HashSet<string> _selected = new(StringComparer.Ordinal);
    private string? _countedFor;

    public string ExperimentId { get; set; } = "0";

    public string? Filter { get; set; }

    public string? OrderBy { get; set; } = "attributes.start_time DESC";

    public IReadOnlyList<RunDto> Rows { get; private set; } = [];

    public int Count { get; private set; }

    /// <summary>The explanation of an invalid filter or order, shown under the filter box.</summary>
    public string? FilterError { get; private set; }

    public IReadOnlyList<string> MetricKeys { get; private set; } = [];

    public IReadOnlyList<string> ParamKeys { get; private set; } = [];

    public IEnumerable<string> MetricColumns { get; set; } = [];

    public IEnumerable<string> ParamColumns { get; set; } = [];

    public IReadOnlyCollection<string> Selected => _selected;

    public bool CanCompare => _selected.Count is >= 2 and <= MaxCompare;

    public async Task LoadKeysAsync(CancellationToken cancellationToken)
    {
        if (!long.TryParse(ExperimentId, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
        {
            return;
        }

        (MetricKeys, ParamKeys) = await search.KeysAsync(id, cancellationToken);
        if (!MetricColumns.Any())
        {
            MetricColumns = MetricKeys.Take(4).ToList();
        }

        if (!ParamColumns.Any())
        {
            ParamColumns = ParamKeys.Take(3).ToList();
        }
    }

    /// <summary>
    /// Loads one page; <paramref name="gridSort"/> (a static column clicked in the grid) wins over the order box. The
    /// total is counted only when the experiment or filter changed since the last count, not on every page turn.
    /// </summary>
    public async Task LoadAsync(int skip, int take, string? gridSort, CancellationToken cancellationToken)
    {
        var order = gridSort ?? OrderBy;
        var countKey = ExperimentId + "\n" + Filter;
        var request = new RunSearchRequest([ExperimentId], Filter, string.IsNullOrWhiteSpace(order) ? null : SplitOrder(order),
            MaxResults: Math.Clamp(take, 1, 500), IncludeTotal: countKey != _countedFor, Offset: Math.Max(0, skip));
        var result = await search.SearchAsync(request, cancellationToken);
        if (!result.IsSuccess)
        {
            FilterError = result.Error.Message;
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

    /// <summary>Maps a grid column sort (property and direction) to an MLflow order_by term.</summary>
    public static string? GridSortToOrderBy(string? property, bool descending)
    {
        var key = property switch
        {
            "Info.RunName" => "attributes.run_name",
            "Info.StartTime" => "attributes.start_time",
            "Info.EndTime" => "attributes.end_time",
            "Info.Status" => "attributes.status",
            "Info.UserId" => "attributes.user_id",
            _ => null,
        };
        return key is null ? null : key + (descending ? " DESC" : " ASC");
    }

    public static IReadOnlyList<string> SplitOrder(string order) =>
        order.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

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
        run.Metrics.FirstOrDefault(m => m.Key == key) is { } m ? m.Value.ToString("G6", CultureInfo.InvariantCulture) : string.Empty;

    public static string Param(RunDto run, string key) => run.Params.FirstOrDefault(p => p.Key == key)?.Value ?? string.Empty;

    public static DateTimeOffset Time(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms);
}
