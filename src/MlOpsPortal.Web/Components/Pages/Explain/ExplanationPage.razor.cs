using Microsoft.AspNetCore.Components;
using MlOpsPortal.Application.Jobs;
using MlOpsPortal.Infrastructure.Explain;

namespace MlOpsPortal.Web.Components.Pages.Explain;

/// <summary>One explanation: global importance with the SHAP beeswarm, dependence per column, and one row's waterfall.</summary>
public sealed partial class ExplanationPage : ComponentBase, IDisposable
{
    private readonly CancellationTokenSource _cts = new();
    private ExplanationDto? _dto;
    private string? _error;
    private Beeswarm? _swarm;
    private string? _dependenceFeature;
    private Dependence? _dependence;
    private int _localRow;
    private IReadOnlyList<LocalStep> _local = [];
    private double _localMargin;
    private double? _localProbability;

    [Parameter]
    public Guid Id { get; set; }

    [Inject]
    private ExplanationService Explanations { get; set; } = null!;

    /// <summary>Log-odds to probability (binary models; multiclass pages show the model's softmax probability at the end).</summary>
    private bool IsBinary => _dto?.Result?.OutputSpace.StartsWith("log-odds", StringComparison.Ordinal) == true;

    public void Dispose()
    {
        _cts.Cancel();
        _cts.Dispose();
    }

    protected override Task OnParametersSetAsync() => LoadAsync();

    private async Task OnJobFinished(JobDto job)
    {
        await LoadAsync();
        if (job.Status == JobStatus.Failed)
        {
            _error = "The explanation job failed: " + job.Error;
        }
    }

    private async Task LoadAsync()
    {
        var found = await Explanations.GetAsync(Id, _cts.Token);
        _dto = found.IsSuccess ? found.Value : null;
        _error = found.Error?.Message;
        if (_dto?.Result?.Sample is { } s)
        {
            _swarm = ExplanationViewModel.BuildBeeswarm(s, _dto.Result.Global);
            OnDependenceFeature(_dto.Result.Global.Count > 0 ? _dto.Result.Global[0].Feature : s.Features[0].Name);
            OnLocalRow(_dto.Request.Row is { } wanted && s.RowIndices.Contains(wanted) ? wanted : s.RowIndices[0]);
        }
    }

    private void OnDependenceFeature(string? feature)
    {
        if (_dto?.Result?.Sample is not { } s || feature is null || s.Features.All(f => f.Name != feature))
        {
            return;
        }

        _dependenceFeature = feature;
        _dependence = ExplanationViewModel.BuildDependence(s, feature);
    }

    private void OnLocalRow(int row)
    {
        if (_dto?.Result?.Sample is not { } s)
        {
            return;
        }

        _localRow = row;
        _local = ExplanationViewModel.BuildLocal(s, row);
        var index = s.RowIndices.ToList().IndexOf(row);
        _localMargin = index >= 0 ? s.Margin[index] : 0;
        _localProbability = index >= 0 ? s.Probability?[index] : null;
    }
}
