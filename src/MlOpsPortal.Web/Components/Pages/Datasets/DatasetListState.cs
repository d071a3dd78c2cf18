using System.Globalization;
using Microsoft.AspNetCore.WebUtilities;

namespace MlOpsPortal.Web.Components.Pages.Datasets;

/// <summary>
/// What the datasets grid shows — search, sort, page — and its form in the address (<c>/datasets?q=adult&amp;sort=rows&amp;desc=1&amp;page=2</c>)
/// so that a view can be bookmarked, shared and restored with Back.
/// </summary>
public sealed record DatasetListState(string? Search = null, string Sort = DatasetListState.SortName, bool Descending = false, int Page = 0, int PageSize = DatasetListState.DefaultPageSize)
{
    public const string SortName = "name";
    public const string SortLatest = "latest";
    public const string SortVersions = "versions";
    public const string SortRows = "rows";
    public const string SortOwner = "owner";
    public const string SortCreated = "created";
    public const int DefaultPageSize = 25;

    public static readonly IReadOnlyList<string> SortKeys = [SortName, SortLatest, SortVersions, SortRows, SortOwner, SortCreated];

    public static readonly IReadOnlyList<int> PageSizes = [10, 25, 50, 100];

    /// <summary>The grid's column (its property name) for a sort key, and back.</summary>
    private static readonly Dictionary<string, string> Columns = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Name"] = SortName, ["LatestVersion"] = SortLatest, ["VersionCount"] = SortVersions,
        ["LatestRows"] = SortRows, ["Owner"] = SortOwner, ["CreatedAt"] = SortCreated,
    };

    /// <summary>Reads the state from the address's query; unknown or malformed values fall back to the defaults.</summary>
    public static DatasetListState FromQuery(string? query)
    {
        var q = QueryHelpers.ParseQuery(query);
        string? Get(string key) => q.TryGetValue(key, out var v) ? v.ToString() : null;
        var sort = Get("sort") is { } s && SortKeys.Contains(s, StringComparer.Ordinal) ? s : SortName;
        var page = int.TryParse(Get("page"), NumberStyles.None, CultureInfo.InvariantCulture, out var p) && p >= 1 ? p - 1 : 0;
        var size = int.TryParse(Get("size"), NumberStyles.None, CultureInfo.InvariantCulture, out var z) && PageSizes.Contains(z) ? z : DefaultPageSize;
        return new DatasetListState(string.IsNullOrWhiteSpace(Get("q")) ? null : Get("q")!.Trim(), sort, Get("desc") == "1", page, size);
    }

    /// <summary>The address of this state (defaults left out, pages counted from 1).</summary>
    public string ToUri(bool upload = false)
    {
        var parts = new List<string>();
        if (Search is { Length: > 0 })
        {
            parts.Add("q=" + Uri.EscapeDataString(Search));
        }

        if (Sort != SortName)
        {
            parts.Add("sort=" + Sort);
        }

        if (Descending)
        {
            parts.Add("desc=1");
        }

        if (Page > 0)
        {
            parts.Add("page=" + (Page + 1).ToString(CultureInfo.InvariantCulture));
        }

        if (PageSize != DefaultPageSize)
        {
            parts.Add("size=" + PageSize.ToString(CultureInfo.InvariantCulture));
        }

        if (upload)
        {
            parts.Add("upload=1");
        }

        return parts.Count == 0 ? "/datasets" : "/datasets?" + string.Join('&', parts);
    }

    /// <summary>The sort key for a grid column's property name (name when unknown).</summary>
    public static string SortKeyFor(string? column) => column is not null && Columns.TryGetValue(column, out var key) ? key : SortName;

    /// <summary>The grid column's property name for this state's sort key.</summary>
    public string SortColumn => Columns.First(c => c.Value == Sort).Key;
}
