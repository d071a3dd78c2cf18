using Microsoft.AspNetCore.Components;
using MlOpsPortal.Infrastructure.Registry;
using MudBlazor;

namespace MlOpsPortal.Web.Components.Pages.Registry;

/// <summary>Registered models, paged, sorted and searched on the server; "Register model" registers a run's model or a file in one step.</summary>
public partial class ModelList
{
    private MudDataGrid<ModelSummary>? _grid;
    private string? _search;

    [Inject]
    private RegistryInsights Insights { get; set; } = null!;

    [Inject]
    private IDialogService Dialogs { get; set; } = null!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = null!;

    [Inject]
    private NavigationManager Nav { get; set; } = null!;

    /// <summary>Opens the register dialog; on success says so with a link and opens the new version's model.</summary>
    public static async Task<VersionInfo?> ShowRegisterAsync(IDialogService dialogs, RegistryCaller caller, string? model = null, string? runId = null, string mode = "run")
    {
        ArgumentNullException.ThrowIfNull(dialogs);
        var parameters = new DialogParameters<RegisterModelDialog>
        {
            { d => d.Caller, caller },
            { d => d.FixedModel, model },
            { d => d.RunId, runId },
            { d => d.Mode, mode },
        };
        var dialog = await dialogs.ShowAsync<RegisterModelDialog>(model is null ? "Register a model" : $"Register a new version of {model}", parameters,
            new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true });
        var result = await dialog.Result;
        return result is { Canceled: false, Data: VersionInfo version } ? version : null;
    }

    public static void Registered(ISnackbar snackbar, NavigationManager nav, VersionInfo version)
    {
        ArgumentNullException.ThrowIfNull(snackbar);
        ArgumentNullException.ThrowIfNull(nav);
        ArgumentNullException.ThrowIfNull(version);
        var href = VersionHref(version.Model, version.Version);
        snackbar.Add($"Model {version.Model} v{version.Version} registered ({version.Status})", version.Status == "READY" ? Severity.Success : Severity.Warning, o =>
        {
            o.Action = "Open";
            o.OnClick = _ =>
            {
                nav.NavigateTo(href);
                return Task.CompletedTask;
            };
        });
    }

    protected override async Task LoadAsync()
    {
        if (_grid is not null)
        {
            await _grid.ReloadServerData();
        }
    }

    private async Task<GridData<ModelSummary>> LoadPageAsync(GridState<ModelSummary> state, CancellationToken token)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(token, Aborted);
        var sort = state.SortDefinitions.FirstOrDefault();
        var page = await Insights.PageModelsAsync(_search, SortKey(sort?.SortBy), sort?.Descending ?? false, state.Page * state.PageSize, state.PageSize, linked.Token);
        return new GridData<ModelSummary> { Items = page.Items, TotalItems = page.Total };
    }

    private static string? SortKey(string? sortBy) => sortBy switch
    {
        null => null,
        _ when sortBy.Contains("Owner", StringComparison.Ordinal) => "Owner",
        _ when sortBy.Contains("Latest", StringComparison.Ordinal) => "LatestVersion",
        _ when sortBy.Contains("Updated", StringComparison.Ordinal) => "UpdatedAt",
        _ => "Name",
    };

    private async Task OnSearchAsync(string? text)
    {
        _search = text;
        if (_grid is not null)
        {
            await _grid.ReloadServerData();
        }
    }

    private async Task RegisterAsync()
    {
        if (await ShowRegisterAsync(Dialogs, Caller) is { } version)
        {
            Registered(Snackbar, Nav, version);
            Nav.NavigateTo(ModelHref(version.Model));
        }
    }
}
