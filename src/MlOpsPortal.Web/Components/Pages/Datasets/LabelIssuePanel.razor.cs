using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MlOpsPortal.Application.Datasets;
using MlOpsPortal.Infrastructure.LabelIssues;
using MlOpsPortal.Infrastructure.Training;
using MlOpsPortal.Web.Auth;
using MudBlazor;

namespace MlOpsPortal.Web.Components.Pages.Datasets;

/// <summary>Starts label-issue jobs on a dataset version and lists the dataset's reports.</summary>
public sealed partial class LabelIssuePanel : IDisposable
{
    private readonly CancellationTokenSource _cts = new();
    private IReadOnlyList<LabelIssueReportView> _reports = [];
    private string? _label;
    private int _folds = 5;
    private string? _error;

    [Parameter, EditorRequired]
    public string Name { get; set; } = string.Empty;

    [Parameter]
    public int Version { get; set; }

    [Parameter]
    public IReadOnlyList<ColumnSchema> Columns { get; set; } = [];

    [Parameter]
    public bool CanWrite { get; set; }

    [Inject]
    private LabelIssueService LabelIssues { get; set; } = null!;

    [Inject]
    private AuthenticationStateProvider AuthState { get; set; } = null!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = null!;

    [Inject]
    private NavigationManager Nav { get; set; } = null!;

    public void Dispose()
    {
        _cts.Cancel();
        _cts.Dispose();
    }

    protected override async Task OnParametersSetAsync()
    {
        _label ??= Columns.LastOrDefault(c => c.Type is ColumnType.Categorical or ColumnType.Boolean)?.Name;
        _reports = await LabelIssues.ListAsync(Name, _cts.Token);
    }

    private async Task SubmitAsync()
    {
        _error = null;
        var user = (await AuthState.GetAuthenticationStateAsync()).User;
        var submitted = await LabelIssues.SubmitAsync(new LabelIssueRequest(new DatasetRef(Name, Version), _label ?? string.Empty, _folds), CurrentActor.From(user), _cts.Token);
        if (!submitted.IsSuccess)
        {
            _error = submitted.Error.Message;
            return;
        }

        var url = $"/label-issues/{submitted.Value.ReportId}";
        Snackbar.Add($"Label-issue check of {Name} v{Version} ('{_label}') started", Severity.Success, o =>
        {
            o.Action = "Open";
            o.OnClick = _ =>
            {
                Nav.NavigateTo(url);
                return Task.CompletedTask;
            };
        });
        _reports = await LabelIssues.ListAsync(Name, _cts.Token);
    }
}
