using Microsoft.AspNetCore.Components;
using MlOpsPortal.Application.Jobs;
using MlOpsPortal.Domain.Common;
using MlOpsPortal.Domain.Identity;
using MudBlazor;

namespace MlOpsPortal.Web.Components.Pages.Jobs;

public sealed partial class JobDetailPanel
{
    private const string WriteRoles = Roles.DataScientist + "," + Roles.Admin;

    [Parameter, EditorRequired]
    public JobDto Job { get; set; } = null!;

    [Parameter]
    public Error? Error { get; set; }

    [Parameter]
    public EventCallback<Guid> Cancel { get; set; }

    [Parameter]
    public EventCallback<Guid> Retry { get; set; }

    [Parameter]
    public EventCallback Close { get; set; }

    [Inject]
    private IDialogService Dialogs { get; set; } = null!;

    private async Task ConfirmCancelAsync()
    {
        var confirmed = await Dialogs.ShowMessageBoxAsync(
            "Cancel this job?",
            $"The {Job.Kind} job stops at its next checkpoint; what it has not finished is lost.",
            yesText: "Cancel job",
            cancelText: "Keep running");
        if (confirmed == true)
        {
            await Cancel.InvokeAsync(Job.Id);
        }
    }
}
