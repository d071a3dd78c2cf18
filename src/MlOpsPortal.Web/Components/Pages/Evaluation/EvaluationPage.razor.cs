using Microsoft.AspNetCore.Components;
using MlOpsPortal.Infrastructure.Evaluation;

namespace MlOpsPortal.Web.Components.Pages.Evaluation;

/// <summary>One evaluation: metrics, confusion matrix, ROC / PR / calibration (with the champion's beside), threshold table.</summary>
public sealed partial class EvaluationPage : ComponentBase, IDisposable
{
    private readonly CancellationTokenSource _cts = new();
    private EvaluationViewModel? _vm;
    private string? _error;

    [Parameter]
    public Guid Id { get; set; }

    [Inject]
    private EvaluationService Evaluations { get; set; } = null!;

    [Inject]
    private EvaluationQueries Queries { get; set; } = null!;

    public void Dispose()
    {
        _cts.Cancel();
        _cts.Dispose();
    }

    protected override async Task OnParametersSetAsync()
    {
        var found = await Evaluations.GetAsync(Id, _cts.Token);
        if (!found.IsSuccess)
        {
            _error = found.Error.Message;
            _vm = null;
            return;
        }

        var champion = found.Value.Task == "binary" ? await Queries.ChampionOnSameDataAsync(found.Value, _cts.Token) : null;
        _vm = new EvaluationViewModel(found.Value, champion);
        _error = null;
    }
}
