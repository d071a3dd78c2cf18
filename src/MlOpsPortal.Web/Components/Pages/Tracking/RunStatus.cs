using MudBlazor;

namespace MlOpsPortal.Web.Components.Pages.Tracking;

/// <summary>How a run's MLflow status reads on a chip.</summary>
public static class RunStatus
{
    public static Color Color(string? status) => status switch
    {
        "FINISHED" => MudBlazor.Color.Success,
        "FAILED" => MudBlazor.Color.Error,
        "RUNNING" => MudBlazor.Color.Info,
        "SCHEDULED" => MudBlazor.Color.Secondary,
        _ => MudBlazor.Color.Default,
    };
}
