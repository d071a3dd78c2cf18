using Microsoft.AspNetCore.Components;
using MlOpsPortal.Application.Fairness;
using MlOpsPortal.Application.Jobs;
using MlOpsPortal.Domain.Registry;
using MlOpsPortal.Infrastructure.Registry;

namespace MlOpsPortal.Web.Components.Pages.Fairness;

/// <summary>A fairness report in tabs: the summary against the model's fairness policy first, then groups, disparities, data bias, thresholds.</summary>
public sealed partial class FairnessReportPage : ComponentBase, IDisposable
{
    private readonly CancellationTokenSource _cts = new();
    private FairnessReportView? _view;
    private FairnessSummaryViewModel? _summary;
    private PromotionPolicy? _policy;
    private string? _error;

    [Parameter]
    public Guid Id { get; set; }

    [Inject]
    private IFairnessReports Reports { get; set; } = null!;

    [Inject]
    private RegistryService Registry { get; set; } = null!;

    public void Dispose()
    {
        _cts.Cancel();
        _cts.Dispose();
    }

    protected override Task OnParametersSetAsync() => LoadAsync();

    private async Task LoadAsync()
    {
        var report = await Reports.GetAsync(Id, _cts.Token);
        if (!report.IsSuccess)
        {
            _error = report.Error.Message;
            _view = null;
            return;
        }

        _error = null;
        _policy = null;
        if (report.Value.Model is { } model && await Registry.GetModelAsync(model.Name, _cts.Token) is { IsSuccess: true } found)
        {
            _policy = found.Value.Policy;
        }

        _view = new FairnessReportView(report.Value);
        _summary = new FairnessSummaryViewModel(report.Value, report.Value.Model?.Name, _policy);
    }

    private Task OnJobFinished(JobDto job) => LoadAsync();

    private static string Title(FairnessReportDto r) =>
        r.Model is { } m ? $"Fairness of {m.Name} v{m.Version} on {r.Dataset.Name} v{r.Dataset.Version}" : $"Fairness on {r.Dataset.Name} v{r.Dataset.Version}";
}
