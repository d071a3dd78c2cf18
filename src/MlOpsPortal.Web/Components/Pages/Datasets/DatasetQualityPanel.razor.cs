using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MlOpsPortal.Application.Datasets;
using MlOpsPortal.Infrastructure.Quality;
using MlOpsPortal.Web.Auth;
using MudBlazor;

namespace MlOpsPortal.Web.Components.Pages.Datasets;

/// <summary>The Quality tab of a dataset version; wording and checks in <see cref="DatasetQualityViewModel"/>.</summary>
public sealed partial class DatasetQualityPanel : IDisposable
{
    private readonly CancellationTokenSource _cts = new();
    private readonly DatasetQualityViewModel _vm = new();
    private QualityReportView? _report;
    private IReadOnlyList<string> _problems = [];

    [Parameter, EditorRequired]
    public string Name { get; set; } = string.Empty;

    [Parameter]
    public int Version { get; set; }

    [Parameter]
    public IReadOnlyList<ColumnSchema> Columns { get; set; } = [];

    [Parameter]
    public bool CanWrite { get; set; }

    [Inject]
    private DataQualityService Quality { get; set; } = null!;

    [Inject]
    private AuthenticationStateProvider AuthState { get; set; } = null!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = null!;

    public void Dispose()
    {
        _cts.Cancel();
        _cts.Dispose();
    }

    protected override async Task OnParametersSetAsync()
    {
        var rules = await Quality.GetRulesAsync(Name, _cts.Token);
        if (rules.IsSuccess)
        {
            _vm.Load(rules.Value);
        }

        var report = await Quality.GetReportAsync(Name, Version, _cts.Token);
        _report = report.IsSuccess ? report.Value : null;
    }

    private async Task SaveAsync()
    {
        _problems = _vm.Problems();
        if (_problems.Count > 0)
        {
            return;
        }

        var user = (await AuthState.GetAuthenticationStateAsync()).User;
        var saved = await Quality.PutRulesAsync(Name, _vm.ToRuleSet(), CurrentActor.From(user), _cts.Token);
        if (!saved.IsSuccess)
        {
            _problems = [saved.Error.Message];
            return;
        }

        Snackbar.Add($"Rules of {Name} saved ({saved.Value.Rules.Count}); new versions are checked against them", Severity.Success);
    }

    private async Task RecheckAsync()
    {
        var checkedNow = await Quality.ReevaluateAsync(Name, Version, _cts.Token);
        if (!checkedNow.IsSuccess)
        {
            _problems = [checkedNow.Error.Message];
            return;
        }

        _report = checkedNow.Value;
        Snackbar.Add($"{Name} v{Version} checked: quality {checkedNow.Value.Status}", checkedNow.Value.Status == "failing" ? Severity.Warning : Severity.Success);
    }
}
