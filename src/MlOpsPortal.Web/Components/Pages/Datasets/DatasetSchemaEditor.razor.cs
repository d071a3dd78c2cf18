using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MlOpsPortal.Application.Datasets;
using MlOpsPortal.Application.Jobs;
using MlOpsPortal.Web.Auth;
using MudBlazor;

namespace MlOpsPortal.Web.Components.Pages.Datasets;

public sealed partial class DatasetSchemaEditor : IDisposable
{
    private readonly CancellationTokenSource _cts = new();

    [Parameter, EditorRequired]
    public DatasetVersionViewModel ViewModel { get; set; } = null!;

    [Parameter]
    public bool CanWrite { get; set; }

    [Parameter]
    public EventCallback Saved { get; set; }

    [Inject]
    private AuthenticationStateProvider AuthState { get; set; } = null!;

    [Inject]
    private IJobQueries Jobs { get; set; } = null!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = null!;

    [Inject]
    private NavigationManager Nav { get; set; } = null!;

    public void Dispose()
    {
        _cts.Cancel();
        _cts.Dispose();
    }

    private static string Lower(ColumnType? type) => type?.ToString().ToLowerInvariant() ?? string.Empty;

    private async Task SaveAsync()
    {
        var user = (await AuthState.GetAuthenticationStateAsync()).User;
        await ViewModel.SaveSchemaAsync(CurrentActor.From(user), Jobs, _cts.Token);
        await AfterSaveAsync("Types");
    }

    private async Task SaveNamesAsync()
    {
        var user = (await AuthState.GetAuthenticationStateAsync()).User;
        await ViewModel.SaveNamesAsync(CurrentActor.From(user), Jobs, _cts.Token);
        await AfterSaveAsync("Column names");
    }

    private async Task AfterSaveAsync(string what)
    {
        if (ViewModel.SchemaError is null && ViewModel.Detail is { } d)
        {
            var href = $"/datasets/{Uri.EscapeDataString(d.Name)}/versions/{d.Version}";
            Snackbar.Add($"{what} of {d.Name} v{d.Version} saved; the profile is being recomputed.", Severity.Success, o =>
            {
                o.Action = "Open";
                o.OnClick = _ =>
                {
                    Nav.NavigateTo(href);
                    return Task.CompletedTask;
                };
            });
        }

        await Saved.InvokeAsync();
    }
}
