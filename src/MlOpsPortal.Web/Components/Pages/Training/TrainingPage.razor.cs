using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MlOpsPortal.Application.Jobs;
using MlOpsPortal.Infrastructure.Training;
using MlOpsPortal.Web.Auth;

namespace MlOpsPortal.Web.Components.Pages.Training;

/// <summary>
/// The training form → live progress → summary. Live: subscribes to <see cref="IJobEvents"/> once a job is submitted
/// (pushed over the circuit, never polled) and disposes the subscription.
/// </summary>
public sealed partial class TrainingPage : IDisposable
{
    private readonly CancellationTokenSource _disposed = new();
    private readonly TrainingFormViewModel _form = new();
    private TrainingProgressViewModel? _progress;
    private IDisposable? _subscription;
    private string? _error;
    private bool _submitting;

    [Inject]
    private TrainingJobService Training { get; set; } = null!;

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

    private async Task SubmitAsync()
    {
        _error = null;
        _submitting = true;
        try
        {
            var actor = CurrentActor.From((await AuthState.GetAuthenticationStateAsync()).User);
            var submitted = await Training.SubmitAsync(_form.ToRequest(), actor, _disposed.Token);
            if (!submitted.IsSuccess)
            {
                _error = submitted.Error.Message;
                return;
            }

            _subscription?.Dispose();
            _progress = new TrainingProgressViewModel(submitted.Value.JobId, submitted.Value.RunId);
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

        if (job.Status == JobStatus.Succeeded && p.Model is null)
        {
            p.Model = await Training.GetAsync(job.Id, _disposed.Token);
        }

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
