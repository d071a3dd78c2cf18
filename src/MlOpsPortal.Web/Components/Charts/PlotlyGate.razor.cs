using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;

namespace MlOpsPortal.Web.Components.Charts;

/// <summary>
/// Holds back Plotly.Blazor charts until plotly.js has loaded in the page. Plotly.Blazor loads the library itself on the
/// first chart and queues that chart's drawing until it arrives; a chart re-created or removed in the meantime (a live
/// curve gaining points, a tab switched) leaves a queued call for an element that no longer exists, which throws in the
/// browser. Loading the library first, once per circuit, through Plotly.Blazor's own interop module (same id and
/// address, so Plotly.Blazor finds it loaded), means every chart draws at once.
/// </summary>
public sealed partial class PlotlyGate : ComponentBase
{
    private const string InteropModule = "./_content/Plotly.Blazor/plotly-interop-7.2.0.js";
    private const string ScriptId = "plotly-import";
    private const string PlotlyScript = "./_content/Plotly.Blazor/plotly-3.7.0.min.js";

    /// <summary>One load per circuit (IJSRuntime is scoped to it).</summary>
    private static readonly ConditionalWeakTable<IJSRuntime, Task> Loads = [];

    private bool _ready;

    [Parameter]
    public RenderFragment? ChildContent { get; set; }

    [Inject]
    private IJSRuntime Js { get; set; } = null!;

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (!firstRender || _ready)
        {
            return;
        }

        try
        {
            await Loads.GetValue(Js, LoadAsync);
        }
        catch (JSDisconnectedException)
        {
            return;
        }
        catch (JSException)
        {
            // Plotly.Blazor will try again itself; draw as before rather than never.
        }

        _ready = true;
        StateHasChanged();
    }

    private static async Task LoadAsync(IJSRuntime js)
    {
        var module = await js.InvokeAsync<IJSObjectReference>("import", InteropModule);
        await module.InvokeVoidAsync("importScript", ScriptId, PlotlyScript);
    }
}
