using MlOpsPortal.Application.Audit;
using MudBlazor;

namespace MlOpsPortal.Web.Components.Pages.Admin;

/// <summary>
/// Filters and keyset paging of the audit log (newest first): the log can hold millions of entries, so pages are
/// found by "entries older than id X", never by offset or a total count.
/// </summary>
public sealed class AuditViewModel
{
    public const int PageSize = 50;

    // The id each page starts below (null: the newest entries); the last one is the page shown.
    private readonly List<long?> _starts = [null];
    private long? _oldestShown;

    public string? Actor { get; set; }

    public string? Action { get; set; }

    public string? EntityType { get; set; }

    public int PageIndex => _starts.Count - 1;

    public bool HasMore { get; private set; }

    public string CsvUrl =>
        "/api/v1/audit/export.csv" + QueryString(("actor", Actor), ("action", Action), ("entityType", EntityType));

    public AuditQuery Query() => new(
        Actor: Blank(Actor), Action: Blank(Action), EntityType: Blank(EntityType), BeforeId: _starts[^1], Limit: PageSize + 1);

    /// <summary>Takes the rows of <see cref="Query"/>: shows a page of them and remembers whether older ones exist.</summary>
    public GridData<AuditEntryDto> Accept(IReadOnlyList<AuditEntryDto> rows)
    {
        HasMore = rows.Count > PageSize;
        var page = rows.Take(PageSize).ToList();
        _oldestShown = page.Count > 0 ? page[^1].Id : null;
        return new GridData<AuditEntryDto> { Items = page, TotalItems = page.Count };
    }

    public void Older()
    {
        if (HasMore && _oldestShown is { } id)
        {
            _starts.Add(id);
        }
    }

    public void Newer()
    {
        if (_starts.Count > 1)
        {
            _starts.RemoveAt(_starts.Count - 1);
        }
    }

    public void Restart()
    {
        _starts.RemoveRange(1, _starts.Count - 1);
        HasMore = false;
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static string QueryString(params (string Name, string? Value)[] pairs)
    {
        var set = pairs.Where(p => Blank(p.Value) is not null).Select(p => p.Name + "=" + Uri.EscapeDataString(p.Value!.Trim())).ToList();
        return set.Count == 0 ? string.Empty : "?" + string.Join('&', set);
    }
}
