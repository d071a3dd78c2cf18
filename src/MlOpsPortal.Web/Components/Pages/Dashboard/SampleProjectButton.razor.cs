using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MlOpsPortal.Application.Jobs;
using MlOpsPortal.Infrastructure.Samples;
using MlOpsPortal.Web.Auth;
using MlOpsPortal.Web.Components.Shared;
using MudBlazor;

namespace MlOpsPortal.Web.Components.Pages.Dashboard;

public sealed partial class SampleProjectButton : IDisposable
{
    private readonly CancellationTokenSource _disposed = new();
    private Guid? _jobId;
    private JobDto? _finished;
    private SampleProjectState? _state;
    private bool _starting;
    private string? _error;

    /// <summary>Raised when a load has finished successfully, so that the page around it can show what it made.</summary>
    [Parameter]
    public EventCallback Loaded { get; set; }

    [Inject]
    private SampleProjectService Samples { get; set; } = null!;

    [Inject]
    private AuthenticationStateProvider AuthState { get; set; } = null!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = null!;

    [Inject]
    private NavigationManager Navigation { get; set; } = null!;

    public void Dispose()
    {
        _disposed.Cancel();
        _disposed.Dispose();
    }

    protected override async Task OnInitializedAsync()
    {
        _state = await Samples.GetStateAsync(_disposed.Token);
        // A load already under way (another tab, another user) is followed here too.
        if (_state.JobId is { } job && _state.JobStatus is "Queued" or "Running")
        {
            _jobId = job;
        }
    }

    private async Task StartAsync()
    {
        _starting = true;
        _error = null;
        _finished = null;
        var user = (await AuthState.GetAuthenticationStateAsync()).User;
        var started = await Samples.StartAsync(CurrentActor.From(user), _disposed.Token);
        _starting = false;
        if (started.IsFailure)
        {
            _error = started.Error.Message;
            return;
        }

        _jobId = started.Value;
    }

    private async Task OnFinishedAsync(JobDto job)
    {
        _finished = job;
        _state = await Samples.GetStateAsync(_disposed.Token);
        if (job.Status == JobStatus.Succeeded && _state.ModelVersion is { } version)
        {
            var url = $"/models/{_state.Model}/versions/{version}";
            Snackbar.Add($"Sample project ready: {_state.Model} v{version} trained, registered and evaluated.", Severity.Success, o =>
            {
                o.Action = "Open";
                o.OnClick = _ =>
                {
                    Navigation.NavigateTo(url);
                    return Task.CompletedTask;
                };
            });
            await Loaded.InvokeAsync();
        }
        else if (job.Status != JobStatus.Succeeded)
        {
            _error = JobWatcherModel.Describe(job);
        }
    }
}
