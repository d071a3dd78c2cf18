using Microsoft.AspNetCore.Components;
using MlOpsPortal.Application.Jobs;

namespace MlOpsPortal.Web.Components.Shared;

/// <summary>
/// The one way a page follows a background job: give it the job id; it loads the job, subscribes to
/// <see cref="IJobEvents"/> for that id only, raises <see cref="Changed"/> on the page's render context for each change
/// (and <see cref="Finished"/> once, when the job ends) and unsubscribes when the id changes or the page goes away.
/// </summary>
public sealed partial class JobWatcher : ComponentBase, IDisposable
{
    private readonly CancellationTokenSource _disposed = new();
    private IDisposable? _subscription;
    private Guid? _watching;
    private JobDto? _job;
    private bool _finishedRaised;

    [Inject]
    private IJobEvents Events { get; set; } = null!;

    [Inject]
    private IJobQueries Jobs { get; set; } = null!;

    /// <summary>The job to follow; null follows nothing.</summary>
    [Parameter]
    public Guid? JobId { get; set; }

    /// <summary>Every observed state of the job, starting with the one loaded when watching begins.</summary>
    [Parameter]
    public EventCallback<JobDto> Changed { get; set; }

    /// <summary>Raised once when the job reaches a final state (succeeded, failed or cancelled).</summary>
    [Parameter]
    public EventCallback<JobDto> Finished { get; set; }

    /// <summary>Draw a progress bar and step while the job runs, and its error if it fails.</summary>
    [Parameter]
    public bool ShowProgress { get; set; } = true;

    /// <summary>Element id of the progress block (for tests and links).</summary>
    [Parameter]
    public string Id { get; set; } = "job-progress";

    public JobDto? Job => _job;

    public void Dispose()
    {
        _subscription?.Dispose();
        _disposed.Cancel();
        _disposed.Dispose();
    }

    protected override async Task OnParametersSetAsync()
    {
        if (JobId == _watching)
        {
            return;
        }

        _subscription?.Dispose();
        _subscription = null;
        _watching = JobId;
        _job = null;
        _finishedRaised = false;
        if (JobId is not { } id)
        {
            return;
        }

        // Subscribe before loading so that no change between the two is lost; stale events are ignored by time.
        _subscription = Events.Subscribe(job => job.Id == id ? InvokeAsync(() => ApplyAsync(job)) : Task.CompletedTask);
        if (await Jobs.GetAsync(id, _disposed.Token) is { } loaded)
        {
            await ApplyAsync(loaded);
        }
    }

    private async Task ApplyAsync(JobDto job)
    {
        if (_disposed.IsCancellationRequested || job.Id != _watching || !JobWatcherModel.IsNewer(job, _job))
        {
            return;
        }

        _job = job;
        await Changed.InvokeAsync(job);
        if (!JobWatcherModel.IsActive(job.Status) && !_finishedRaised)
        {
            _finishedRaised = true;
            await Finished.InvokeAsync(job);
        }

        StateHasChanged();
    }
}
