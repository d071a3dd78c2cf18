using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MlOpsPortal.Application.Jobs;
using MlOpsPortal.Domain.Identity;
using MlOpsPortal.Infrastructure.Inference;
using MlOpsPortal.Infrastructure.Monitoring;
using MlOpsPortal.Infrastructure.Training;
using MlOpsPortal.Web.Auth;
using MudBlazor;

namespace MlOpsPortal.Web.Components.Pages.Monitoring;

/// <summary>One monitor: what Run now compares, live performance, drift over time per feature, alerts.</summary>
public sealed partial class MonitorPage : ComponentBase, IDisposable
{
    private readonly CancellationTokenSource _cts = new();
    private MonitorDto? _monitor;
    private LivePerformance? _live;
    private IReadOnlyList<DriftReportDto> _reports = [];
    private List<DriftReportDto> _timeline = [];
    private IReadOnlyList<string> _features = [];
    private IReadOnlyList<MonitorAlertDto> _alerts = [];
    private RunNowModel _plan = new();
    private DatasetRef? _current;
    private Pickers.DatasetVersionRef? _picked;
    private string? _feature;
    private Guid? _jobId;
    private bool _running;
    private string? _error;
    private bool _canWrite;

    [Parameter]
    public string Name { get; set; } = string.Empty;

    [Inject]
    private MonitorService Monitors { get; set; } = null!;

    [Inject]
    private PredictionFeedbackService Feedback { get; set; } = null!;

    [Inject]
    private TimeProvider Time { get; set; } = null!;

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
        var user = (await AuthState.GetAuthenticationStateAsync()).User;
        _canWrite = user.IsInRole(Roles.Admin) || user.IsInRole(Roles.DataScientist);
        await LoadAsync();
    }

    private async Task LoadAsync()
    {
        var monitor = await Monitors.GetAsync(Name, _cts.Token);
        if (!monitor.IsSuccess)
        {
            _error = monitor.Error.Message;
            return;
        }

        _monitor = monitor.Value;
        _live = await Feedback.PerformanceAsync(_monitor.Model, _monitor.Alias, Time.GetUtcNow().AddHours(-_monitor.WindowHours), _cts.Token);
        _reports = await Monitors.ListReportsAsync(_monitor.Id, null, 50, _cts.Token);
        _timeline = _reports.OrderBy(r => r.CreatedAt).TakeLast(12).ToList();
        _features = MonitorViewModel.Features(_timeline);
        _feature = _feature is not null && _features.Contains(_feature) ? _feature : _features.Count > 0 ? _features[0] : null;
        _alerts = await Monitors.ListAlertsAsync(_monitor.Id, _cts.Token);
        _plan = new RunNowModel(await Monitors.PlanRunAsync(Name, null, _cts.Token));
    }

    private void OnPicked(Pickers.DatasetVersionRef? value)
    {
        _picked = value;
        _current = value is null ? null : new DatasetRef(value.Name, value.Version);
    }

    private async Task RunAsync()
    {
        _error = null;
        _running = true;
        var actor = CurrentActor.From((await AuthState.GetAuthenticationStateAsync()).User);
        var result = await Monitors.RunNowAsync(Name, new MonitorRunRequest(_current), actor, _cts.Token);
        if (!result.IsSuccess)
        {
            _error = result.Error.Message;
            _running = false;
            return;
        }

        _jobId = result.Value.JobId;
        Snackbar.Add($"Monitor {Name} queued. {result.Value.Compared}", Severity.Info);
    }

    private async Task OnJobFinished(JobDto job)
    {
        _running = false;
        await LoadAsync();
        if (job.Status == JobStatus.Succeeded)
        {
            var url = $"/monitoring/reports/{job.Id}";
            Snackbar.Add($"Drift report of {Name} ready", Severity.Success, o =>
            {
                o.Action = "Open";
                o.OnClick = _ =>
                {
                    Nav.NavigateTo(url);
                    return Task.CompletedTask;
                };
            });
        }
    }
}
