using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MlOpsPortal.Application.Fairness;
using MlOpsPortal.Application.Jobs;
using MlOpsPortal.Web.Auth;
using MudBlazor;
using PickedDataset = MlOpsPortal.Web.Components.Pickers.DatasetVersionRef;
using PickedModel = MlOpsPortal.Web.Components.Pickers.ModelVersionRef;

namespace MlOpsPortal.Web.Components.Pages.Fairness;

/// <summary>
/// The creation form: validates in the user's words next to each field, submits through <see cref="IFairnessReports"/> (the
/// service the REST endpoint uses), follows the job with <see cref="Shared.JobWatcher"/> and links to the report.
/// </summary>
public sealed partial class FairnessCreateForm : ComponentBase, IDisposable
{
    private readonly CancellationTokenSource _cts = new();
    private readonly FairnessFormModel _model = new();
    private IReadOnlyDictionary<string, string> _problems = new Dictionary<string, string>();
    private bool _submitted;
    private PickedDataset? _dataset;
    private PickedModel? _modelVersion;
    private string? _featureToAdd;
    private string? _serverError;
    private Guid? _jobId;
    private Guid? _reportId;
    private bool _busy;

    [Inject]
    private IFairnessReports Reports { get; set; } = null!;

    [Inject]
    private AuthenticationStateProvider AuthState { get; set; } = null!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = null!;

    [Inject]
    private NavigationManager Nav { get; set; } = null!;

    /// <summary>A report was queued (the list refreshes).</summary>
    [Parameter]
    public EventCallback<Guid> Created { get; set; }

    [Parameter]
    public EventCallback Closed { get; set; }

    public void Dispose()
    {
        _cts.Cancel();
        _cts.Dispose();
    }

    private string? Error(string field) => _problems.TryGetValue(field, out var message) ? message : null;

    private void Revalidate()
    {
        // Errors appear once the user tried to submit, then follow every change.
        if (_submitted)
        {
            _problems = _model.Validate();
        }
    }

    private void Set(Action change)
    {
        change();
        Revalidate();
    }

    private void OnDatasetChanged(PickedDataset? value)
    {
        _dataset = value;
        _model.DatasetName = value?.Name;
        _model.DatasetVersion = value?.Version;
        Revalidate();
    }

    private void OnModelChanged(PickedModel? value)
    {
        _modelVersion = value;
        _model.ModelName = value?.Name;
        _model.ModelVersion = value?.Version;
        Revalidate();
    }

    private void OnLabelChanged(string? value)
    {
        if (value != _model.Label)
        {
            _model.PositiveClass = null;
        }

        _model.Label = value;
        Revalidate();
    }

    private async Task AddFeatureAsync(string? value)
    {
        _featureToAdd = value;
        if (!string.IsNullOrWhiteSpace(value) && !_model.SensitiveFeatures.Contains(value, StringComparer.Ordinal))
        {
            _model.SensitiveFeatures.Add(value);
        }

        Revalidate();
        await Task.Yield();
        _featureToAdd = null;
    }

    private void RemoveFeature(string feature)
    {
        _model.SensitiveFeatures.Remove(feature);
        Revalidate();
    }

    private async Task SubmitAsync()
    {
        _submitted = true;
        _serverError = null;
        _problems = _model.Validate();
        if (_problems.Count > 0)
        {
            return;
        }

        _busy = true;
        try
        {
            var actor = CurrentActor.From((await AuthState.GetAuthenticationStateAsync()).User);
            var created = await Reports.CreateAsync(_model.ToRequest(), actor, _cts.Token);
            if (!created.IsSuccess)
            {
                _serverError = created.Error.Message;
                _problems = (created.Error.Details ?? new Dictionary<string, string[]>())
                    .GroupBy(kv => FairnessFormModel.FieldOf(kv.Key))
                    .ToDictionary(g => g.Key, g => string.Join(" ", g.SelectMany(kv => kv.Value)), StringComparer.Ordinal);
                return;
            }

            _reportId = created.Value.ReportId;
            _jobId = created.Value.JobId;
            Snackbar.Add($"Fairness report on {_model.DatasetName} v{_model.DatasetVersion} queued", Severity.Info, o => Link(o, created.Value.ReportId));
            await Created.InvokeAsync(created.Value.ReportId);
        }
        finally
        {
            _busy = false;
        }
    }

    private void OnJobFinished(JobDto job)
    {
        if (_reportId is not { } id)
        {
            return;
        }

        if (job.Status == JobStatus.Succeeded)
        {
            Snackbar.Add($"Fairness report on {_model.DatasetName} v{_model.DatasetVersion} ready", Severity.Success, o => Link(o, id));
        }
    }

    private void Link(SnackbarOptions options, Guid reportId)
    {
        options.Action = "Open";
        options.OnClick = _ =>
        {
            Nav.NavigateTo($"/fairness/reports/{reportId}");
            return Task.CompletedTask;
        };
    }

    private Task CloseAsync() => Closed.InvokeAsync();
}
