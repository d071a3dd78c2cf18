using System.Globalization;

namespace MlOpsPortal.Web.Components.Pages.Tracking;

/// <summary>
/// What the runs grid shows — page, page size, sort, chosen metric and param columns, MLflow filter — and its round trip
/// through the page's query string, so a copied link reproduces the view.
/// </summary>
/// <param name="Page">Zero-based page index (the URL carries it one-based).</param>
/// <param name="SortKey">An MLflow order_by key: <c>attributes.start_time</c>, <c>metrics.auc</c>, <c>params.max_depth</c>.</param>
/// <param name="Columns">Chosen columns as <c>metrics.KEY</c> / <c>params.KEY</c>; null means "not chosen yet" (the defaults apply).</param>
public sealed record RunsGridState(int Page, int PageSize, string? SortKey, bool Descending, IReadOnlyList<string>? Columns, string? Filter)
{
    public const int DefaultPageSize = 50;
    public const string DefaultSortKey = "attributes.start_time";
    public static readonly int[] PageSizes = [25, 50, 100, 200];

    public static RunsGridState Default { get; } = new(0, DefaultPageSize, DefaultSortKey, true, null, null);

    public IEnumerable<string> MetricColumns => (Columns ?? []).Where(c => c.StartsWith(MetricPrefix, StringComparison.Ordinal)).Select(c => c[MetricPrefix.Length..]);

    public IEnumerable<string> ParamColumns => (Columns ?? []).Where(c => c.StartsWith(ParamPrefix, StringComparison.Ordinal)).Select(c => c[ParamPrefix.Length..]);

    public const string MetricPrefix = "metrics.";
    public const string ParamPrefix = "params.";

    /// <summary>The MLflow order_by term, e.g. <c>metrics.auc DESC</c>; null when unsorted.</summary>
    public string? OrderBy => SortKey is null ? null : SortKey + (Descending ? " DESC" : " ASC");

    /// <summary>Reads the state from query values (as the page receives them); anything malformed falls back to the default.</summary>
    public static RunsGridState FromQuery(string? page, string? size, string? sort, string? columns, string? filter)
    {
        var pageIndex = int.TryParse(page, NumberStyles.None, CultureInfo.InvariantCulture, out var p) && p >= 1 ? p - 1 : 0;
        var pageSize = int.TryParse(size, NumberStyles.None, CultureInfo.InvariantCulture, out var s) && PageSizes.Contains(s) ? s : DefaultPageSize;
        var (sortKey, descending) = ParseSort(sort);
        var cols = columns?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(c => c.StartsWith(MetricPrefix, StringComparison.Ordinal) || c.StartsWith(ParamPrefix, StringComparison.Ordinal))
            .Distinct(StringComparer.Ordinal).ToList();
        return new RunsGridState(pageIndex, pageSize, sortKey, descending, cols, string.IsNullOrWhiteSpace(filter) ? null : filter.Trim());
    }

    /// <summary>The query string (without '?') of everything that differs from the default; empty for the default view.</summary>
    public string ToQuery()
    {
        var parts = new List<string>();
        if (Page > 0)
        {
            parts.Add("page=" + (Page + 1).ToString(CultureInfo.InvariantCulture));
        }

        if (PageSize != DefaultPageSize)
        {
            parts.Add("size=" + PageSize.ToString(CultureInfo.InvariantCulture));
        }

        if (SortKey != DefaultSortKey || !Descending)
        {
            parts.Add("sort=" + Uri.EscapeDataString(SortKey is null ? "none" : SortKey + (Descending ? " desc" : " asc")));
        }

        if (Columns is not null)
        {
            parts.Add("cols=" + Uri.EscapeDataString(string.Join(',', Columns)));
        }

        if (Filter is not null)
        {
            parts.Add("filter=" + Uri.EscapeDataString(Filter));
        }

        return string.Join('&', parts);
    }

    /// <summary>The grid's URL for an experiment.</summary>
    public string ToUrl(string experimentId)
    {
        var query = ToQuery();
        return $"/experiments/{Uri.EscapeDataString(experimentId)}" + (query.Length == 0 ? string.Empty : "?" + query);
    }

    /// <summary>Same view (used to tell a URL change that the grid made itself from a navigation).</summary>
    public bool SameAs(RunsGridState other) =>
        other is not null && Page == other.Page && PageSize == other.PageSize && SortKey == other.SortKey && Descending == other.Descending
        && Filter == other.Filter && (Columns ?? []).SequenceEqual(other.Columns ?? [], StringComparer.Ordinal) && (Columns is null) == (other.Columns is null);

    private static (string? Key, bool Descending) ParseSort(string? sort)
    {
        if (string.IsNullOrWhiteSpace(sort))
        {
            return (DefaultSortKey, true);
        }

        if (sort.Trim() == "none")
        {
            return (null, false);
        }

        var text = sort.Trim();
        var descending = false;
        if (text.EndsWith(" desc", StringComparison.OrdinalIgnoreCase))
        {
            descending = true;
            text = text[..^5].TrimEnd();
        }
        else if (text.EndsWith(" asc", StringComparison.OrdinalIgnoreCase))
        {
            text = text[..^4].TrimEnd();
        }

        return IsSortKey(text) ? (text, descending) : (DefaultSortKey, true);
    }

    private static bool IsSortKey(string key) =>
        key.StartsWith(MetricPrefix, StringComparison.Ordinal) || key.StartsWith(ParamPrefix, StringComparison.Ordinal) || key.StartsWith("attributes.", StringComparison.Ordinal)
        || key.StartsWith("tags.", StringComparison.Ordinal);
}
