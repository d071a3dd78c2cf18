using Microsoft.AspNetCore.Components;
using MlOpsPortal.Infrastructure.Registry;
using MudBlazor;

namespace MlOpsPortal.Web.Components.Pages.Registry;

/// <summary>What a decision asks of the page: approve or reject with this comment, or cancel.</summary>
public sealed record DecisionCommand(string Kind, string Comment);

public partial class DecisionPanel
{
    private DecisionState _approve = new(false, []);
    private DecisionState _reject = new(false, []);
    private string? _comment;
    private string? _commentError;

    [Inject]
    private IDialogService Dialogs { get; set; } = null!;

    [Parameter, EditorRequired]
    public PromotionRequestInfo Request { get; set; } = null!;

    [Parameter, EditorRequired]
    public RegistryCaller Viewer { get; set; } = null!;

    [Parameter, EditorRequired]
    public DateTimeOffset Now { get; set; }

    [Parameter]
    public bool Busy { get; set; }

    /// <summary>Raised with "approve", "reject" or "cancel" and the comment.</summary>
    [Parameter]
    public EventCallback<DecisionCommand> Decided { get; set; }

    protected override void OnParametersSet()
    {
        _approve = ApprovalViewModel.Approve(Request, Viewer, Now);
        _reject = ApprovalViewModel.Reject(Request, Viewer, Now);
    }

    private async Task ApproveAsync()
    {
        if (string.IsNullOrWhiteSpace(_comment))
        {
            _commentError = "Write why you approve; the comment is kept with the decision.";
            return;
        }

        _commentError = null;
        await Decided.InvokeAsync(new DecisionCommand("approve", _comment.Trim()));
    }

    private async Task RejectAsync()
    {
        var parameters = new DialogParameters<RejectDialog> { { d => d.Reason, _comment } };
        var dialog = await Dialogs.ShowAsync<RejectDialog>("Reject the request", parameters, new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true });
        var result = await dialog.Result;
        if (result is { Canceled: false, Data: string reason })
        {
            await Decided.InvokeAsync(new DecisionCommand("reject", reason));
        }
    }

    private Task CancelAsync() => Decided.InvokeAsync(new DecisionCommand("cancel", _comment?.Trim() ?? string.Empty));
}
