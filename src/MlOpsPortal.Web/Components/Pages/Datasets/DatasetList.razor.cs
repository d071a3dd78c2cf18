using Microsoft.AspNetCore.Components;
using MlOpsPortal.Application.Datasets;
using MlOpsPortal.Domain.Identity;
using MudBlazor;

namespace MlOpsPortal.Web.Components.Pages.Datasets;

/// <summary>
/// The datasets grid: searched, sorted and paged in the database (<see cref="IDatasetListQuery"/>), its state in the
/// address (<see cref="DatasetListState"/>); <c>?upload=1</c> opens the upload flow (the New menu links there).
/// </summary>
public sealed partial class DatasetList : IDisposable
{
    private const string WriteRoles = Roles.DataScientist + "," + Roles.Admin;
    private static readonly int[] PageSizes = [.. DatasetListState.PageSizes];
    private readonly CancellationTokenSource _cts = new();
    private MudDataGrid<DatasetSummary>? _grid;
    private DatasetListState _state = new();
    private bool _uploadOpen;
    private int _gridPage;
    private int _addressPage;

    [Inject]
    private IDatasetListQuery Query { get; set; } = null!;

    [Inject]
    private NavigationManager Nav { get; set; } = null!;

    public void Dispose()
    {
        Nav.LocationChanged -= OnLocationChanged;
        _cts.Cancel();
        _cts.Dispose();
    }

    protected override void OnInitialized()
    {
        ReadAddress();
        _addressPage = _state.Page;
        Nav.LocationChanged += OnLocationChanged;
    }

    /// <summary>The grid starts on page 1 whatever it is given (setting its page size resets it): go to the address's page once it exists.</summary>
    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (firstRender && _addressPage > 0 && _grid is not null)
        {
            _gridPage = _addressPage;
            _addressPage = 0;
            await InvokeAsync(StateHasChanged);
            await _grid.ReloadServerData();
        }
    }

    private void ReadAddress()
    {
        var query = new Uri(Nav.Uri).Query;
        _state = DatasetListState.FromQuery(query);
        _uploadOpen = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(query).TryGetValue("upload", out var u) && u == "1";
    }

    /// <summary>The New menu (or Back) changed the address: follow it.</summary>
    private void OnLocationChanged(object? sender, Microsoft.AspNetCore.Components.Routing.LocationChangedEventArgs e)
    {
        var before = _state;
        _ = InvokeAsync(async () =>
        {
            ReadAddress();
            StateHasChanged();
            if (_state != before && _grid is not null)
            {
                await _grid.ReloadServerData();
            }
        });
    }

    private SortDirection Direction(string column) =>
        _state.SortColumn == column ? (_state.Descending ? SortDirection.Descending : SortDirection.Ascending) : SortDirection.None;

    private async Task<GridData<DatasetSummary>> LoadAsync(GridState<DatasetSummary> grid, CancellationToken cancellationToken)
    {
        var sort = grid.SortDefinitions.FirstOrDefault();
        _state = _state with
        {
            Sort = sort is null ? DatasetListState.SortName : DatasetListState.SortKeyFor(sort.SortBy),
            Descending = sort?.Descending ?? false,
            Page = grid.Page,
            PageSize = grid.PageSize,
        };
        KeepInAddress();
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _cts.Token);
        var page = await Query.ListAsync(_state, linked.Token);
        return new GridData<DatasetSummary> { Items = page.Items, TotalItems = page.Total };
    }

    private async Task OnSearchAsync(string? text)
    {
        _state = _state with { Search = string.IsNullOrWhiteSpace(text) ? null : text.Trim(), Page = 0 };
        if (_grid is not null)
        {
            await _grid.ReloadServerData();
        }
    }

    private void OpenUpload()
    {
        _uploadOpen = true;
        KeepInAddress();
    }

    private void CloseUpload()
    {
        _uploadOpen = false;
        KeepInAddress();
    }

    private void KeepInAddress()
    {
        var target = _state.ToUri(_uploadOpen);
        if (!string.Equals(Nav.ToBaseRelativePath(Nav.Uri).Insert(0, "/"), target, StringComparison.Ordinal))
        {
            Nav.NavigateTo(target, new NavigationOptions { ReplaceHistoryEntry = true });
        }
    }
}
