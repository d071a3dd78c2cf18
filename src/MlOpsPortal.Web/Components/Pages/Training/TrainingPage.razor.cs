using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MlOpsPortal.Application.Jobs;
using MlOpsPortal.Infrastructure.Tracking;
using MlOpsPortal.Infrastructure.Training;
using MlOpsPortal.Web.Auth;
using MlOpsPortal.Web.Components.Pages.Tracking;
using MudBlazor;
using Plotly.Blazor;
using Plotly.Blazor.Traces;

namespace MlOpsPortal.Web.Components.Pages.Training;

/// <summary>
/// The training form (sections, defaults, inline validation) → live progress through <see cref="Shared.JobWatcher"/> →
/// summary. <c>?cloneJob=</c> or <c>?cloneRun=</c> pre-fills the form from an earlier training.
/// </summary>
public sealed partial class TrainingPage : IDisposable
{
    private readonly CancellationTokenSource _disposed = new();
    private readonly TrainingFormViewModel _form = new();
    private Dictionary<string, string> _errors = [];
    private TrainingProgressViewModel? _progress;
    private Guid? _jobId;
    private string? _error;
    private string? _cloneNote;
    private bool _submitting;

    [Inject]
    private TrainingJobService Training { get; set; } = null!;

    [Inject]
    private IJobQueries Jobs { get; set; } = null!;

    [Inject]
    private RunService Runs { get; set; } = null!;

    [Inject]
    private IJobScheduler Scheduler { get; set; } = null!;

    [Inject]
    private AuthenticationStateProvider AuthState { get; set; } = null!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = null!;

    [Inject]
    private NavigationManager Nav { get; set; } = null!;

    [SupplyParameterFromQuery(Name = "cloneJob")]
    public Guid? CloneJob { get; set; }

    [SupplyParameterFromQuery(Name = "cloneRun")]
    public string? CloneRun { get; set; }

    public void Dispose()
    {
        _disposed.Cancel();
        _disposed.Dispose();
    }

    protected override async Task OnInitializedAsync()
    {
        var (job, error) = await TrainingClone.LoadJobAsync(Jobs, Runs, CloneJob, CloneRun, _disposed.Token);
        if (job is not null && TrainingClone.TrainingRequest(job) is { } request)
        {
            _form.CloneFrom(request);
            _cloneNote = $"Pre-filled from the training of job {job.Id}: change what you like and train again.";
        }
        else
        {
            _cloneNote = error ?? (job is null ? null : $"Job {job.Id} is not a training, so there is nothing to clone.");
        }
    }

    internal static Color StatusColor(JobStatus status) => status switch
    {
        JobStatus.Succeeded => Color.Success,
        JobStatus.Failed => Color.Error,
        JobStatus.Running => Color.Info,
        _ => Color.Default,
    };

    private static IList<ITrace> CurveTraces(TrainingProgressViewModel p) =>
    [
        new Scatter
        {
            Name = p.CurveMetric,
            Mode = Plotly.Blazor.Traces.ScatterLib.ModeFlag.Lines,
            X = p.Curve.Select(c => (object)c.Round).ToList(),
            Y = p.Curve.Select(c => (object)c.Value).ToList(),
            YHoverFormat = NumberFormat.PlotlyFormat,
        },
    ];

    private static Plotly.Blazor.Layout CurveLayout(TrainingProgressViewModel p) => MetricCharts.Layout(p.CurveMetric ?? string.Empty, new MetricAxis("round", c => c.X));

    private async Task SubmitAsync()
    {
        _error = null;
        _errors = _form.Validate();
        if (_errors.Count > 0)
        {
            return;
        }

        _submitting = true;
        try
        {
            var actor = CurrentActor.From((await AuthState.GetAuthenticationStateAsync()).User);
            var submitted = await Training.SubmitAsync(_form.ToRequest(), actor, _disposed.Token);
            if (!submitted.IsSuccess)
            {
                // The service's refusal goes under the field it is about when it names one, else above the form.
                if (TrainingFormViewModel.FieldOf(submitted.Error.Message) is { } field)
                {
                    _errors = new Dictionary<string, string> { [field] = submitted.Error.Message };
                }

                _error = submitted.Error.Message;
                return;
            }

            _progress = new TrainingProgressViewModel(submitted.Value.JobId, submitted.Value.RunId);
            _jobId = submitted.Value.JobId;
            var runUrl = $"/runs/{submitted.Value.RunId}";
            Snackbar.Add($"Training started (job {submitted.Value.JobId.ToString()[..8]}); its run fills in as it trains.", Severity.Info, o =>
            {
                o.Action = "Open run";
                o.OnClick = _ =>
                {
                    Nav.NavigateTo(runUrl);
                    return Task.CompletedTask;
                };
            });
        }
        finally
        {
            _submitting = false;
        }
    }

    private void OnJobChanged(JobDto job) => _progress?.Apply(job);

    private async Task OnJobFinishedAsync(JobDto job)
    {
        if (_progress is not { } p)
        {
            return;
        }

        if (job.Status == JobStatus.Succeeded)
        {
            p.Model = await Training.GetAsync(job.Id, _disposed.Token);
            var runUrl = $"/runs/{p.RunId}";
            Snackbar.Add("Training finished: the run has its scores and model package", Severity.Success, o =>
            {
                o.Action = "Open run";
                o.OnClick = _ =>
                {
                    Nav.NavigateTo(runUrl);
                    return Task.CompletedTask;
                };
            });
        }
        else
        {
            Snackbar.Add($"Training {job.Status.ToString().ToLowerInvariant()}: {job.Error}", Severity.Error, o =>
            {
                o.Action = "Open job";
                o.OnClick = _ =>
                {
                    Nav.NavigateTo("/jobs");
                    return Task.CompletedTask;
                };
            });
        }
    }

    private async Task CancelAsync()
    {
        if (_progress is { } p)
        {
            var actor = CurrentActor.From((await AuthState.GetAuthenticationStateAsync()).User);
            await Scheduler.CancelAsync(p.JobId, actor, _disposed.Token);
        }
    }
}
