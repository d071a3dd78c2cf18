using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MlOpsPortal.Application.Jobs;
using MlOpsPortal.Infrastructure.Training;
using MlOpsPortal.Web.Auth;

namespace MlOpsPortal.Web.Components.Pages.Training;

/// <summary>
/// The search form → live progress → best trial and trial table. Inline validation runs before anything is sent; the
/// service's refusal (bad dataset, label, metric direction, …) shows as one alert. Live: subscribes to
/// <see cref="IJobEvents"/> after submitting (pushed over the circuit, never polled) and re-reads the trial table when
/// the search's job changes.
/// </summary>
public sealed partial class HpoPage : IDisposable
{
    private readonly CancellationTokenSource _disposed = new();
    private readonly HpoFormViewModel _form = new();
    private Dictionary<string, string> _errors = [];
    private HpoProgressViewModel? _progress;
    private IDisposable? _subscription;
    private string? _error;
    private bool _submitting;

    [Inject]
    private HpoService Hpo { get; set; } = null!;

    [Inject]
    private HpoResults Results { get; set; } = null!;

    [Inject]
    private IJobEvents Events { get; set; } = null!;

    [Inject]
    private IJobQueries Jobs { get; set; } = null!;

    [Inject]
    private IJobScheduler Scheduler { get; set; } = null!;

    [Inject]
    private AuthenticationStateProvider AuthState { get; set; } = null!;

    public void Dispose()
    {
        _subscription?.Dispose();
        _disposed.Cancel();
        _disposed.Dispose();
    }

    private static string Describe(IReadOnlyDictionary<string, string> parameters) => string.Join(", ", parameters.Select(kv => $"{kv.Key}={kv.Value}"));

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
            var submitted = await Hpo.SubmitAsync(_form.ToRequest(), actor, _disposed.Token);
            if (!submitted.IsSuccess)
            {
                _error = submitted.Error.Message;
                return;
            }

            _subscription?.Dispose();
            _progress = new HpoProgressViewModel(submitted.Value.JobId, submitted.Value.RunId);
            _subscription = Events.Subscribe(OnJobChanged);
            if (await Jobs.GetAsync(submitted.Value.JobId, _disposed.Token) is { } job)
            {
                await OnJobChanged(job);
            }
        }
        finally
        {
            _submitting = false;
        }
    }

    private Task OnJobChanged(JobDto job) => InvokeAsync(async () =>
    {
        if (_progress is not { } p || !p.Apply(job))
        {
            return;
        }

        // The search's own job reports each finished trial; its table is re-read then (and once more at the end).
        p.Results = await Results.GetAsync(p.JobId, _disposed.Token);
        StateHasChanged();
    });

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
