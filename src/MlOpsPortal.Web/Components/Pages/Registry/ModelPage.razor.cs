using Microsoft.AspNetCore.Components;
using MlOpsPortal.Domain.Registry;
using MlOpsPortal.Infrastructure.Registry;
using MudBlazor;

namespace MlOpsPortal.Web.Components.Pages.Registry;

/// <summary>A registered model: versions, aliases (set free ones, request protected ones), policy and history in tabs.</summary>
public partial class ModelPage
{
    private static readonly string[] Tabs = ["versions", "aliases", "policy", "history"];

    private ModelDetail? _model;
    private IReadOnlyList<HistoryItem> _history = [];
    private int _version;
    private string? _alias = "production";
    private string? _justification;
    private string? _justificationError;
    private string? _error;
    private int _tab;
    private string? _appliedTab;

    [Parameter]
    public string Name { get; set; } = string.Empty;

    [SupplyParameterFromQuery(Name = "tab")]
    public string? Tab { get; set; }

    [Inject]
    private RegistryService Registry { get; set; } = null!;

    [Inject]
    private PromotionService Promotions { get; set; } = null!;

    [Inject]
    private IDialogService Dialogs { get; set; } = null!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = null!;

    [Inject]
    private NavigationManager Nav { get; set; } = null!;

    private bool IsProtected => _alias is { Length: > 0 } alias && _model is not null && AliasRules.IsProtected(alias.Trim(), _model.ProtectedAliases);

    protected override async Task LoadAsync()
    {
        if (_appliedTab != Tab)
        {
            _appliedTab = Tab;
            _tab = Math.Max(0, Array.IndexOf(Tabs, Tab?.ToLowerInvariant()));
        }

        var model = await Registry.GetModelAsync(Name, Aborted);
        _model = model.IsSuccess ? model.Value : null;
        if (!model.IsSuccess)
        {
            _error = model.Error.Message;
            return;
        }

        var history = await Promotions.HistoryAsync(Name, null, 200, Aborted);
        _history = history.IsSuccess ? history.Value : [];
        if (model.Value.Versions.Count > 0 && model.Value.Versions.All(v => v.Version != _version))
        {
            _version = model.Value.Versions.Max(v => v.Version);
        }
    }

    private async Task RegisterAsync(string mode)
    {
        if (await ModelList.ShowRegisterAsync(Dialogs, Caller, Name, mode: mode) is { } version)
        {
            ModelList.Registered(Snackbar, Nav, version);
            _version = version.Version;
            await LoadAsync();
        }
    }

    private async Task SetAliasAsync()
    {
        var result = await Promotions.SetAliasAsync(Caller, Name, _alias?.Trim() ?? string.Empty, _version, Aborted);
        _error = result.Error?.Message;
        if (result.IsSuccess)
        {
            var href = VersionHref(Name, result.Value.Version);
            Snackbar.Add($"'{result.Value.Alias}' of {Name} now points at v{result.Value.Version}", Severity.Success, o =>
            {
                o.Action = "Open";
                o.OnClick = _ =>
                {
                    Nav.NavigateTo(href);
                    return Task.CompletedTask;
                };
            });
        }

        await LoadAsync();
    }

    private async Task RequestAsync()
    {
        _justificationError = string.IsNullOrWhiteSpace(_justification) ? "Say why this version should take the alias; approvers read it." : null;
        if (_justificationError is not null)
        {
            return;
        }

        var result = await Promotions.CreateRequestAsync(Caller, Name, _version, _alias?.Trim() ?? string.Empty, _justification, Aborted);
        _error = result.Error?.Message;
        if (result.IsSuccess)
        {
            var href = $"/approvals/{result.Value.Id}";
            Snackbar.Add($"Promotion of {Name} v{result.Value.Version} to '{result.Value.Alias}' requested", Severity.Success, o =>
            {
                o.Action = "Open";
                o.OnClick = _ =>
                {
                    Nav.NavigateTo(href);
                    return Task.CompletedTask;
                };
            });
            Nav.NavigateTo(href);
        }
    }
}
