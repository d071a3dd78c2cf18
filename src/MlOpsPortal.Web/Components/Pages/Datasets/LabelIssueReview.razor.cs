using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MlOpsPortal.Application.Datasets;
using MlOpsPortal.Application.Jobs;
using MlOpsPortal.Domain.Identity;
using MlOpsPortal.Infrastructure.LabelIssues;
using MlOpsPortal.Web.Auth;
using MlOpsPortal.Web.Components.Shared;
using MudBlazor;

namespace MlOpsPortal.Web.Components.Pages.Datasets;

/// <summary>
/// Review of a label-issue report: the confident joint, the suspects with their features, bulk relabel / drop / reject,
/// and "apply", which creates the next dataset version (reviewer and report in the audit log).
/// </summary>
public sealed partial class LabelIssueReview : IDisposable
{
    private readonly CancellationTokenSource _cts = new();
    private LabelIssueReportView? _report;
    private PreviewTable? _features;
    private HashSet<LabelIssueRow> _selected = [];
    private bool _canWrite;
    private string? _error;

    [Parameter]
    public Guid ReportId { get; set; }

    [Inject]
    private LabelIssueService LabelIssues { get; set; } = null!;

    [Inject]
    private AuthenticationStateProvider AuthState { get; set; } = null!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = null!;

    [Inject]
    private IDialogService Dialogs { get; set; } = null!;

    [Inject]
    private NavigationManager Nav { get; set; } = null!;

    private IReadOnlyList<Crumb> Crumbs => _report is { } r
        ? [new Crumb("Datasets", "/datasets"), new Crumb(r.Dataset.Name, $"/datasets/{Uri.EscapeDataString(r.Dataset.Name)}"),
            new Crumb($"v{r.Dataset.Version}", $"/datasets/{Uri.EscapeDataString(r.Dataset.Name)}/versions/{r.Dataset.Version}")]
        : [new Crumb("Datasets", "/datasets")];

    private IEnumerable<string> FeatureColumns => _features?.Columns.Skip(1) ?? [];

    public void Dispose()
    {
        _cts.Cancel();
        _cts.Dispose();
    }

    protected override async Task OnParametersSetAsync()
    {
        var user = (await AuthState.GetAuthenticationStateAsync()).User;
        _canWrite = user.IsInRole(Roles.DataScientist) || user.IsInRole(Roles.Admin);
        await LoadAsync();
    }

    private async Task LoadAsync()
    {
        var report = await LabelIssues.GetAsync(ReportId, _cts.Token);
        if (!report.IsSuccess)
        {
            _error = report.Error.Message;
            return;
        }

        _report = report.Value;
        if (_features is null && _report.Rows.Count > 0)
        {
            var rows = await LabelIssues.RowsAsync(ReportId, [.. _report.Rows.Take(LabelIssueReviewViewModel.ShownRows).Select(r => r.Row)], _cts.Token);
            _features = rows.IsSuccess ? rows.Value : null;
        }
    }

    private IEnumerable<string?> Features(long row)
    {
        var key = row.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var found = _features?.Rows.FirstOrDefault(r => r[0] == key);
        return found?.Skip(1) ?? FeatureColumns.Select(_ => (string?)null);
    }

    private async Task OnJobFinishedAsync(JobDto job) => await LoadAsync();

    private async Task DecideAsync(string action)
    {
        var user = (await AuthState.GetAuthenticationStateAsync()).User;
        var decided = await LabelIssues.DecideAsync(ReportId, LabelIssueReviewViewModel.Decide(_selected, action), CurrentActor.From(user), _cts.Token);
        if (!decided.IsSuccess)
        {
            _error = decided.Error.Message;
            return;
        }

        _error = null;
        _report = decided.Value;
        Snackbar.Add($"{_selected.Count} row(s) marked '{action}'", Severity.Success);
        _selected = [];
    }

    private async Task ApplyAsync()
    {
        var confirmed = await Dialogs.ShowMessageBoxAsync(
            "Apply fixes",
            $"Create the next version of '{_report!.Dataset.Name}' with the accepted fixes ({LabelIssueReviewViewModel.Tally(_report)})?",
            yesText: "Apply", cancelText: "Cancel");
        if (confirmed != true)
        {
            return;
        }

        var user = (await AuthState.GetAuthenticationStateAsync()).User;
        var applied = await LabelIssues.ApplyAsync(ReportId, CurrentActor.From(user), _cts.Token);
        if (!applied.IsSuccess)
        {
            _error = applied.Error.Message;
            return;
        }

        var url = $"/datasets/{Uri.EscapeDataString(applied.Value.Name)}/versions/{applied.Value.Version}";
        Snackbar.Add($"{applied.Value.Name} v{applied.Value.Version} created with the fixes", Severity.Success, o =>
        {
            o.Action = "Open";
            o.OnClick = _ =>
            {
                Nav.NavigateTo(url);
                return Task.CompletedTask;
            };
        });
        await LoadAsync();
    }
}
