using System.Globalization;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MlOpsPortal.Domain.Common;
using MlOpsPortal.Infrastructure.Evaluation;
using MlOpsPortal.Infrastructure.Registry;
using MlOpsPortal.Infrastructure.Tracking;
using MlOpsPortal.Web.Api.Registry;
using MudBlazor;

namespace MlOpsPortal.Web.Components.Pages.Tracking;

/// <summary>
/// A run: summary first, learning curves per metric family, params, dataset inputs, artifacts and notes; Register puts
/// its model into the registry (dialog: existing or new model), Clone opens the training form with its parameters.
/// </summary>
public sealed partial class RunPage : IDisposable
{
    private static readonly string[] TabNames = ["overview", "metrics", "params", "inputs", "artifacts", "notes"];
    private readonly CancellationTokenSource _disposed = new();
    private IReadOnlyList<EvaluationSummary> _evaluations = [];
    private int _tab;
    private string? _paramFilter;
    private string? _loaded;

    [Inject]
    private RunViewModel Vm { get; set; } = null!;

    [Inject]
    private EvaluationService Evaluations { get; set; } = null!;

    [Inject]
    private RunArtifactsViewModel Artifacts { get; set; } = null!;

    [Inject]
    private RegistryService Registry { get; set; } = null!;

    [Inject]
    private IDialogService Dialogs { get; set; } = null!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = null!;

    [Inject]
    private NavigationManager Nav { get; set; } = null!;

    [Parameter]
    public string RunId { get; set; } = string.Empty;

    /// <summary>Opens a tab directly: <c>?tab=artifacts</c> (overview, metrics, params, inputs, artifacts, notes).</summary>
    [SupplyParameterFromQuery]
    public string? Tab { get; set; }

    [CascadingParameter]
    private Task<AuthenticationState>? Auth { get; set; }

    public void Dispose()
    {
        _disposed.Cancel();
        _disposed.Dispose();
    }

    /// <summary>The tab index a <c>?tab=</c> value opens; unknown names open the overview.</summary>
    public static int TabIndex(string? tab) => Math.Max(0, Array.IndexOf(TabNames, (tab ?? string.Empty).ToLowerInvariant()));

    protected override async Task OnParametersSetAsync()
    {
        if (_loaded != RunId)
        {
            _loaded = RunId;
            await Vm.LoadAsync(RunId, _disposed.Token);
            _evaluations = await Evaluations.ListForRunAsync(RunId, _disposed.Token);
            await Artifacts.LoadAsync(RunId, _disposed.Token);
        }

        _tab = TabIndex(Tab);
    }

    private static string M(EvaluationSummary e, string metric) =>
        e.Metrics.GetValueOrDefault(metric) is { } x ? NumberFormat.Format(x) : "n/a";

    private static string Format(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms).ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);

    private bool MatchesParam(KeyValue p) =>
        string.IsNullOrWhiteSpace(_paramFilter) || p.Key.Contains(_paramFilter, StringComparison.OrdinalIgnoreCase) || p.Value.Contains(_paramFilter, StringComparison.OrdinalIgnoreCase);

    private async Task OnByTimeChangedAsync(bool byTime)
    {
        Vm.ByTime = byTime;
        await Vm.LoadChartsAsync(_disposed.Token);
    }

    private Task SelectArtifactAsync(string path) => Artifacts.SelectAsync(path, _disposed.Token);

    private async Task SaveNoteAsync()
    {
        if (await Vm.SaveNoteAsync((await Auth!).User, _disposed.Token))
        {
            await Vm.LoadAsync(RunId, _disposed.Token);
            Snackbar.Add("Note saved", Severity.Success);
        }
    }

    private async Task RegisterAsync()
    {
        if (Vm.Run is not { } run)
        {
            return;
        }

        var user = (await Auth!).User;
        var caller = RegistryApi.Caller(user);
        var parameters = new DialogParameters<RegisterRunDialog>
        {
            { d => d.RunId, run.Info.RunId },
            { d => d.RunName, run.Info.RunName },
            { d => d.SuggestedName, Vm.ExperimentName },
            { d => d.SearchModels, SearchModelsAsync },
            { d => d.Register, (request, token) => RegisterRunAsync(caller, request, token) },
        };
        var dialog = await Dialogs.ShowAsync<RegisterRunDialog>("Register model", parameters, new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true });
        if (await dialog.Result is { Canceled: false, Data: RegisteredVersion version })
        {
            Snackbar.Add($"Model {version.Model} v{version.Version} registered from {run.Info.RunName}", Severity.Success, o =>
            {
                o.Action = "Open";
                o.OnClick = _ =>
                {
                    Nav.NavigateTo(version.Href);
                    return Task.CompletedTask;
                };
            });
        }
    }

    private async Task<IEnumerable<string>> SearchModelsAsync(string? text, CancellationToken cancellationToken) =>
        (await Registry.ListModelsAsync(text, 0, 20, cancellationToken)).Select(m => m.Name);

    /// <summary>Creates the model when asked, then the version from the run; errors come back in the registry's words.</summary>
    private async Task<Result<RegisteredVersion>> RegisterRunAsync(RegistryCaller caller, RegisterRunRequest request, CancellationToken cancellationToken)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _disposed.Token);
        if (request.CreateModel)
        {
            var created = await Registry.CreateModelAsync(caller, new CreateModel(request.Model, null, null, null), linked.Token);
            if (!created.IsSuccess)
            {
                return created.Error.Code == ErrorCode.AlreadyExists
                    ? Error.AlreadyExists($"A model named {request.Model} already exists: choose it under \"Existing model\".")
                    : created.Error;
            }
        }

        var version = await Registry.CreateVersionFromRunAsync(caller, request.Model, request.RunId, linked.Token);
        return version.IsSuccess ? new RegisteredVersion(version.Value.Model, version.Value.Version) : version.Error;
    }
}
