using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MlOpsPortal.Application.Jobs;
using MlOpsPortal.Infrastructure.Tracking;
using MlOpsPortal.Infrastructure.Training;
using MlOpsPortal.Web.Auth;
using MudBlazor;

namespace MlOpsPortal.Web.Components.Pages.Training;

/// <summary>
/// The search form → live progress → best trial and trial table. Inline validation runs before anything is sent; the
/// service's refusal (bad dataset, label, metric direction, …) shows as one alert. Live: <see cref="Shared.JobWatcher"/>
/// follows the search's job and the trial table is re-read when it changes. <c>?cloneJob=</c> pre-fills the form.
/// </summary>
public sealed partial class HpoPage : IDisposable
{
    private readonly CancellationTokenSource _disposed = new();
    private readonly HpoFormViewModel _form = new();
    private Dictionary<string, string> _errors = [];
    private Dictionary<string, string> _trainingErrors = [];
    private HpoProgressViewModel? _progress;
    private Guid? _jobId;
    private string? _error;
    private string? _cloneNote;
    private bool _submitting;

    [Inject]
    private HpoService Hpo { get; set; } = null!;

    [Inject]
    private HpoResults Results { get; set; } = null!;

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

    public void Dispose()
    {
        _disposed.Cancel();
        _disposed.Dispose();
    }

    protected override async Task OnInitializedAsync()
    {
        var (job, error) = await TrainingClone.LoadJobAsync(Jobs, Runs, CloneJob, null, _disposed.Token);
        if (job is not null && TrainingClone.Search(job) is { } search)
        {
            _form.CloneFrom(search);
            _cloneNote = $"Pre-filled from search job {job.Id}.";
        }
        else if (job is not null && TrainingClone.TrainingRequest(job) is { } training)
        {
            _form.Training.CloneFrom(training);
            _cloneNote = $"Training settings pre-filled from job {job.Id}; choose what to vary.";
        }
        else
        {
            _cloneNote = error;
        }
    }

    private static string Describe(IReadOnlyDictionary<string, string> parameters) => string.Join(", ", parameters.Select(kv => $"{kv.Key}={kv.Value}"));

    private static Task<IEnumerable<string>> SearchMetricsAsync(string? text, CancellationToken cancellationToken) =>
        Task.FromResult(HpoFormViewModel.MetricSuggestions.Where(m => string.IsNullOrWhiteSpace(text) || m.Contains(text, StringComparison.OrdinalIgnoreCase)));

    private async Task SubmitAsync()
    {
        _error = null;
        _errors = _form.Validate();
        _trainingErrors = _form.Training.Validate();
        // The search's own checks cover the fields the search page shows; the rest of the training fields are checked here.
        foreach (var key in new[] { "train-experiment", "train-dataset", "train-label" })
        {
            _errors.Remove(key);
        }

        if (_errors.Count > 0 || _trainingErrors.Count > 0)
        {
            return;
        }

        _submitting = true;
        try
        {
            var actor = CurrentActor.From((await AuthState.GetAuthenticationStateAsync()).User);
            var submitted = await Hpo.SubmitAsync(_form.ToRequest(), actor, _disposed.Token);
            if (!submitted.IsSuccess)
            {
                if (TrainingFormViewModel.FieldOf(submitted.Error.Message) is { } field)
                {
                    _trainingErrors = new Dictionary<string, string> { [field] = submitted.Error.Message };
                }

                _error = submitted.Error.Message;
                return;
            }

            _progress = new HpoProgressViewModel(submitted.Value.JobId, submitted.Value.RunId);
            _jobId = submitted.Value.JobId;
            var runUrl = $"/runs/{submitted.Value.RunId}";
            Snackbar.Add($"Search started: {submitted.Value.Trials} trials", Severity.Info, o =>
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

    private async Task OnJobChangedAsync(JobDto job)
    {
        if (_progress is not { } p || !p.Apply(job))
        {
            return;
        }

        // The search's own job reports each finished trial; its table is re-read then (and once more at the end).
        p.Results = await Results.GetAsync(p.JobId, _disposed.Token);
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

/// <summary>Live state of one search: the search job's status, progress and step, and the trial table.</summary>
public sealed class HpoProgressViewModel(Guid jobId, string runId)
{
    /// <summary>The compare page takes 2–10 runs.</summary>
    public const int MaxCompared = 10;

    public Guid JobId { get; } = jobId;

    public string RunId { get; } = runId;

    public JobStatus Status { get; private set; } = JobStatus.Queued;

    public double Progress { get; private set; }

    public string? Step { get; private set; }

    public string? Error { get; private set; }

    public HpoResultsDto? Results { get; set; }

    /// <summary>Applies a pushed change; false when it is another job's or nothing the page shows changed.</summary>
    public bool Apply(JobDto job)
    {
        ArgumentNullException.ThrowIfNull(job);
        if (job.Id != JobId || (job.Status == Status && job.Progress == Progress && job.Step == Step && job.Error == Error))
        {
            return false;
        }

        Status = job.Status;
        Progress = job.Progress;
        Step = job.Step;
        Error = job.Error;
        return true;
    }

    /// <summary>The compare page with the best trials' runs (best first), when at least two finished.</summary>
    public string? CompareLink(HpoResultsDto results)
    {
        ArgumentNullException.ThrowIfNull(results);
        var runs = results.Ranked.Where(t => t.RunId is not null).Take(MaxCompared).Select(t => t.RunId!).ToList();
        return runs.Count < 2 || results.ExperimentId is null ? null : $"/experiments/{results.ExperimentId}/compare?runs={string.Join(",", runs)}";
    }
}
