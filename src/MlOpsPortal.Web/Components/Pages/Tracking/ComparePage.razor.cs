using Microsoft.AspNetCore.Components;

namespace MlOpsPortal.Web.Components.Pages.Tracking;

/// <summary>Compare 2–10 runs: differences highlighted, metric curves overlaid on a real axis, a scatter and parallel coordinates.</summary>
public sealed partial class ComparePage : IDisposable
{
    private readonly CancellationTokenSource _disposed = new();

    [Inject]
    private CompareViewModel Vm { get; set; } = null!;

    [Parameter]
    public string ExperimentId { get; set; } = "0";

    [SupplyParameterFromQuery(Name = "runs")]
    public string? RunIds { get; set; }

    public void Dispose()
    {
        _disposed.Cancel();
        _disposed.Dispose();
    }

    protected override Task OnParametersSetAsync() =>
        Vm.LoadAsync(ExperimentId, (RunIds ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries), _disposed.Token);

    private async Task OnChartKeyChangedAsync(string? key)
    {
        Vm.ChartKey = key;
        await Vm.LoadOverlayAsync(_disposed.Token);
    }

    private async Task OnByTimeChangedAsync(bool byTime)
    {
        Vm.ByTime = byTime;
        await Vm.LoadOverlayAsync(_disposed.Token);
    }

    private void OnScatterParamChanged(string? key)
    {
        Vm.ScatterParam = key;
        Vm.BuildScatter();
    }

    private void OnScatterMetricChanged(string? key)
    {
        Vm.ScatterMetric = key;
        Vm.BuildScatter();
    }
}
