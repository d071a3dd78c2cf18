using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MlOpsPortal.Application.Jobs;
using MlOpsPortal.Web.Auth;
using MudBlazor;

namespace MlOpsPortal.Web.Components.Pages.Jobs;

/// <summary>
/// The jobs grid: filtered, sorted and paged in the database, its state in the address, live through
/// <see cref="IJobEvents"/> (a pushed change redraws the page from memory; a new job reloads it), and a detail panel
/// for the selected job with its log, error, Cancel (confirmed), Retry and Clone.
/// </summary>
public sealed partial class JobList : IDisposable
{
    private static readonly JobStatus?[] Statuses = [.. Enum.GetValues<JobStatus>().Cast<JobStatus?>()];
    private readonly CancellationTokenSource _disposed = new();
    private JobsViewModel _vm = null!;
    private IDisposable? _subscription;
    private MudDataGrid<JobDto>? _grid;
    private bool _redrawFromMemory;

    [Inject]
    private IJobQueries Queries { get; set; } = null!;

    [Inject]
    private IJobScheduler Scheduler { get; set; } = null!;

    [Inject]
    private IJobEvents Events { get; set; } = null!;

    [Inject]
    private AuthenticationStateProvider AuthState { get; set; } = null!;

    [Inject]
    private NavigationManager Nav { get; set; } = null!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = null!;

    public void Dispose()
    {
        _subscription?.Dispose();
        _disposed.Cancel();
        _disposed.Dispose();
    }

    protected override void OnInitialized()
    {
        _vm = new JobsViewModel(Queries, Scheduler);
        _vm.ReadQuery(new Uri(Nav.Uri).Query);
        _subscription = Events.Subscribe(OnJobChanged);
    }

    private SortDirection Direction(string column) =>
        _vm.Sort == column ? (_vm.Descending ? SortDirection.Descending : SortDirection.Ascending) : SortDirection.None;

    private async Task<GridData<JobDto>> LoadAsync(GridState<JobDto> state, CancellationToken cancellationToken)
    {
        if (_redrawFromMemory)
        {
            _redrawFromMemory = false;
            return new GridData<JobDto> { Items = _vm.Jobs, TotalItems = _vm.Total };
        }

        var sort = state.SortDefinitions.FirstOrDefault();
        _vm.Sort = sort is not null && JobsViewModel.SortChoices.Contains(sort.SortBy, StringComparer.Ordinal) ? sort.SortBy : "CreatedAt";
        _vm.Descending = sort?.Descending ?? true;
        _vm.Skip = state.Page * JobsViewModel.PageSize;
        KeepInAddress();
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _disposed.Token);
        await _vm.LoadAsync(linked.Token);
        return new GridData<JobDto> { Items = _vm.Jobs, TotalItems = _vm.Total };
    }

    private Task OnJobChanged(JobDto job) => InvokeAsync(async () =>
    {
        var change = _vm.Apply(job);
        if (change == JobsViewModel.Change.None || _grid is null)
        {
            return;
        }

        _redrawFromMemory = change == JobsViewModel.Change.Updated;
        await _grid.ReloadServerData();
        StateHasChanged();
    });

    private async Task OnStatusAsync(JobStatus? status)
    {
        _vm.Status = status;
        await ReloadFirstPageAsync();
    }

    private async Task OnKindAsync(string? kind)
    {
        _vm.Kind = string.IsNullOrWhiteSpace(kind) ? null : kind.Trim();
        await ReloadFirstPageAsync();
    }

    private async Task ReloadFirstPageAsync()
    {
        _vm.Skip = 0;
        if (_grid is not null)
        {
            await _grid.ReloadServerData();
        }
    }

    private void OnRowClick(DataGridRowClickEventArgs<JobDto> e)
    {
        _vm.Expanded = _vm.Expanded == e.Item.Id ? null : e.Item.Id;
        KeepInAddress();
    }

    private void CloseDetail()
    {
        _vm.Expanded = null;
        KeepInAddress();
    }

    private async Task CancelAsync(Guid id)
    {
        var error = await _vm.CancelAsync(id, CurrentActor.From((await AuthState.GetAuthenticationStateAsync()).User), _disposed.Token);
        await AfterActionAsync(id, error is null ? "Cancellation requested" : null);
    }

    private async Task RetryAsync(Guid id)
    {
        var error = await _vm.RetryAsync(id, CurrentActor.From((await AuthState.GetAuthenticationStateAsync()).User), _disposed.Token);
        await AfterActionAsync(id, error is null ? "Job queued again" : null);
    }

    private async Task AfterActionAsync(Guid id, string? message)
    {
        if (message is not null)
        {
            var job = _vm.Jobs.FirstOrDefault(j => j.Id == id);
            var href = $"/jobs?job={id}";
            Snackbar.Add($"{message}: {job?.Kind ?? "job"}", Severity.Success, o =>
            {
                o.Action = "Open";
                o.OnClick = _ =>
                {
                    Nav.NavigateTo(href);
                    return Task.CompletedTask;
                };
            });
        }

        if (_grid is not null)
        {
            _redrawFromMemory = true;
            await _grid.ReloadServerData();
        }
    }

    private void KeepInAddress()
    {
        var target = _vm.ToUri();
        if (!string.Equals("/" + Nav.ToBaseRelativePath(Nav.Uri), target, StringComparison.Ordinal))
        {
            Nav.NavigateTo(target, new NavigationOptions { ReplaceHistoryEntry = true });
        }
    }

    private static Color StatusColor(JobStatus status) => status switch
    {
        JobStatus.Succeeded => Color.Success,
        JobStatus.Failed => Color.Error,
        JobStatus.Cancelled => Color.Default,
        _ => Color.Primary,
    };
}
