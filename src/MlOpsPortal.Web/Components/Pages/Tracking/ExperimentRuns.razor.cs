using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using MlOpsPortal.Infrastructure.Tracking;
using MudBlazor;

namespace MlOpsPortal.Web.Components.Pages.Tracking;

/// <summary>
/// One experiment's runs: a server-side paged and sorted grid (metric and param columns sort in SQL), a pinned run-name
/// column, a column chooser, an MLflow filter, and the whole view kept in the URL (page, size, sort, columns, filter).
/// </summary>
public sealed partial class ExperimentRuns : IDisposable
{
    private readonly CancellationTokenSource _disposed = new();
    private MudDataGrid<RunDto>? _grid;
    private ExperimentDto? _experiment;
    private string? _loadedExperiment;
    private string? _filterText;
    private bool _reloadPending;
    private bool _firstLoad = true;

    [Inject]
    private RunsTableViewModel Vm { get; set; } = null!;

    [Inject]
    private ExperimentService Experiments { get; set; } = null!;

    [Inject]
    private NavigationManager Nav { get; set; } = null!;

    [Parameter]
    public string ExperimentId { get; set; } = "0";

    [SupplyParameterFromQuery(Name = "page")]
    public string? PageQuery { get; set; }

    [SupplyParameterFromQuery(Name = "size")]
    public string? SizeQuery { get; set; }

    [SupplyParameterFromQuery(Name = "sort")]
    public string? SortQuery { get; set; }

    [SupplyParameterFromQuery(Name = "cols")]
    public string? ColumnsQuery { get; set; }

    [SupplyParameterFromQuery(Name = "filter")]
    public string? FilterQuery { get; set; }

    public void Dispose()
    {
        _disposed.Cancel();
        _disposed.Dispose();
    }

    protected override async Task OnParametersSetAsync()
    {
        var state = RunsGridState.FromQuery(PageQuery, SizeQuery, SortQuery, ColumnsQuery, FilterQuery);
        if (_loadedExperiment != ExperimentId)
        {
            _loadedExperiment = ExperimentId;
            Vm.ExperimentId = ExperimentId;
            var experiment = await Experiments.GetAsync(ExperimentId, _disposed.Token);
            _experiment = experiment.IsSuccess ? experiment.Value : null;
            await Vm.LoadKeysAsync(_disposed.Token);
            Vm.State = state;
            _filterText = state.Filter;
            _reloadPending = _grid is not null;
            return;
        }

        if (!state.SameAs(Vm.State))
        {
            // A navigation (back button, pasted link) to another view of the same experiment.
            Vm.State = state;
            _filterText = state.Filter;
            _reloadPending = true;
        }
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (_reloadPending && _grid is not null)
        {
            _reloadPending = false;
            await _grid.ReloadServerData();
        }
    }

    /// <summary>The grid's page request: page, size and sort from the grid; filter and columns from the view model.</summary>
    private async Task<GridData<RunDto>> LoadAsync(GridState<RunDto> grid, CancellationToken cancellationToken)
    {
        var sort = grid.SortDefinitions.FirstOrDefault();
        var (sortKey, descending) = sort is not null && ResolveSortKey(sort) is { } key ? (key, sort.Descending)
            : _firstLoad ? (Vm.State.SortKey, Vm.State.Descending) : ((string?)null, false);
        _firstLoad = false;
        Vm.State = Vm.State with { Page = grid.Page, PageSize = grid.PageSize, SortKey = sortKey, Descending = descending };
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _disposed.Token);
        await Vm.LoadAsync(linked.Token);
        SyncUrl();
        await InvokeAsync(StateHasChanged);
        return new GridData<RunDto> { Items = Vm.Rows, TotalItems = Vm.Count };
    }

    /// <summary>Each sortable column's sort function returns its MLflow order_by key (the rows are sorted in SQL, never here).</summary>
    private static Func<RunDto, object> SortKey(string key) => _ => key;

    private string? ResolveSortKey(SortDefinition<RunDto> sort)
    {
        var key = sort.SortFunc?.Invoke(null!) as string ?? sort.SortBy;
        return key is not null && (key.StartsWith("attributes.", StringComparison.Ordinal) || Vm.AllColumns.Contains(key)) ? key : null;
    }

    private SortDirection Initial(string key) =>
        Vm.State.SortKey == key ? (Vm.State.Descending ? SortDirection.Descending : SortDirection.Ascending) : SortDirection.None;

    private async Task ApplyFilterAsync()
    {
        Vm.State = Vm.State with { Filter = string.IsNullOrWhiteSpace(_filterText) ? null : _filterText.Trim(), Page = 0 };
        if (_grid is null)
        {
            return;
        }

        if (_grid.CurrentPage != 0)
        {
            _grid.NavigateTo(MudBlazor.Page.First);
        }

        await _grid.ReloadServerData();
    }

    private async Task OnFilterKeyAsync(KeyboardEventArgs e)
    {
        if (e.Key == "Enter")
        {
            await ApplyFilterAsync();
        }
    }

    private Task OnColumnsChangedAsync(IReadOnlyList<string> columns)
    {
        Vm.State = Vm.State with { Columns = columns };
        SyncUrl();
        return Task.CompletedTask;
    }

    /// <summary>Writes the view into the address bar (replacing the entry: paging does not flood the history).</summary>
    private void SyncUrl()
    {
        var url = Vm.Url;
        if (!string.Equals(Nav.ToBaseRelativePath(Nav.Uri), url.TrimStart('/'), StringComparison.Ordinal))
        {
            Nav.NavigateTo(url, new NavigationOptions { ReplaceHistoryEntry = true });
        }
    }
}
