using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MlOpsPortal.Infrastructure.Tracking;
using MudBlazor;

namespace MlOpsPortal.Web.Components.Pages.Tracking;

/// <summary>The experiments list: server-side paged search by name, and creation for DataScientists and Admins.</summary>
public sealed partial class Experiments : IDisposable
{
    private readonly CancellationTokenSource _disposed = new();
    private MudDataGrid<ExperimentDto>? _grid;

    [Inject]
    private ExperimentsViewModel Vm { get; set; } = null!;

    [Inject]
    private NavigationManager Nav { get; set; } = null!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = null!;

    [CascadingParameter]
    private Task<AuthenticationState>? Auth { get; set; }

    public void Dispose()
    {
        _disposed.Cancel();
        _disposed.Dispose();
    }

    private async Task<GridData<ExperimentDto>> LoadAsync(GridState<ExperimentDto> state, CancellationToken cancellationToken)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _disposed.Token);
        await Vm.LoadAsync(state.Page * state.PageSize, state.PageSize, linked.Token);
        return new GridData<ExperimentDto> { Items = Vm.Rows, TotalItems = Vm.Count };
    }

    private Task ReloadAsync() => _grid?.ReloadServerData() ?? Task.CompletedTask;

    private async Task CreateAsync()
    {
        var user = (await Auth!).User;
        var name = Vm.NewName.Trim();
        if (await Vm.CreateAsync(user, _disposed.Token) is { } id)
        {
            var url = $"/experiments/{id}";
            Snackbar.Add($"Experiment {name} created", Severity.Success, o =>
            {
                o.Action = "Open";
                o.OnClick = _ =>
                {
                    Nav.NavigateTo(url);
                    return Task.CompletedTask;
                };
            });
            Nav.NavigateTo(url);
        }
    }
}
