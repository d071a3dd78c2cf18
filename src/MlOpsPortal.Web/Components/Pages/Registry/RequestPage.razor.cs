using Microsoft.AspNetCore.Components;
using MlOpsPortal.Domain.Registry;
using MlOpsPortal.Infrastructure.Registry;
using MudBlazor;

namespace MlOpsPortal.Web.Components.Pages.Registry;

public partial class RequestPage
{
    private PromotionRequestInfo? _request;
    private ApprovalEvidence? _evidence;
    private string? _error;
    private bool _busy;

    [Parameter]
    public Guid Id { get; set; }

    [Inject]
    private PromotionService Promotions { get; set; } = null!;

    [Inject]
    private RegistryInsights Insights { get; set; } = null!;

    [Inject]
    private TimeProvider Time { get; set; } = null!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = null!;

    [Inject]
    private NavigationManager Nav { get; set; } = null!;

    internal static Color StateColor(PromotionRequestState state) => state switch
    {
        PromotionRequestState.Open => Color.Info,
        PromotionRequestState.Approved => Color.Success,
        PromotionRequestState.Rejected => Color.Error,
        _ => Color.Default,
    };

    private static string GateIcon(GateOutcome outcome) => outcome switch
    {
        GateOutcome.Passed => Icons.Material.Filled.CheckCircle,
        GateOutcome.Failed => Icons.Material.Filled.Cancel,
        GateOutcome.NoEvidence => Icons.Material.Filled.HourglassEmpty,
        _ => Icons.Material.Outlined.RemoveCircleOutline,
    };

    protected override async Task LoadAsync()
    {
        var request = await Promotions.GetRequestAsync(Id, Caller.UserId, Aborted);
        if (!request.IsSuccess)
        {
            _request = null;
            _error = request.Error.Message;
            return;
        }

        _request = request.Value;
        var evidence = await Insights.EvidenceAsync(_request.Model, _request.Version, _request.Alias, Aborted);
        _evidence = evidence.IsSuccess ? evidence.Value : null;
    }

    private async Task DecideAsync(DecisionCommand command)
    {
        _busy = true;
        try
        {
            var result = command.Kind switch
            {
                "approve" => await Promotions.ApproveAsync(Caller, Id, command.Comment, Aborted),
                "reject" => await Promotions.RejectAsync(Caller, Id, command.Comment, Aborted),
                _ => await Promotions.CancelAsync(Caller, Id, string.IsNullOrEmpty(command.Comment) ? null : command.Comment, Aborted),
            };
            _error = result.Error?.Message;
            if (result.IsSuccess)
            {
                var r = result.Value;
                var text = command.Kind switch
                {
                    "approve" when r.State == PromotionRequestState.Approved => $"Approved: '{r.Alias}' of {r.Model} now points at version {r.Version}",
                    "approve" => $"Approval recorded ({r.Approvals} of {r.RequiredApprovals}) for {r.Model} v{r.Version} → {r.Alias}",
                    "reject" => $"Rejected the request {r.Model} v{r.Version} → {r.Alias}",
                    _ => $"Cancelled the request {r.Model} v{r.Version} → {r.Alias}",
                };
                var href = ModelHref(r.Model);
                Snackbar.Add(text, command.Kind == "reject" ? Severity.Warning : Severity.Success, o =>
                {
                    o.Action = "Open model";
                    o.OnClick = _ =>
                    {
                        Nav.NavigateTo(href);
                        return Task.CompletedTask;
                    };
                });
            }

            await LoadAsync();
        }
        finally
        {
            _busy = false;
        }
    }
}
