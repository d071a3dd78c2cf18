using Bunit;
using MlOpsPortal.Web.Components.Pages.Tracking;
using MudBlazor;

namespace MlOpsPortal.Web.Tests.Components.Tracking;

public sealed class RunColumnChooserTests : AsyncPortalComponentTest
{
    private static readonly string[] Columns = ["metrics.train_auc", "metrics.validation_auc", "params.eta", "params.max_depth"];
    private IRenderedComponent<MudPopoverProvider> _popover = null!;

    [Fact]
    public void Toggle_ParamColumn_ReportsTheChoiceInListOrder()
    {
        IReadOnlyList<string>? chosen = null;
        var cut = Render(["metrics.validation_auc"], c => chosen = c);

        Open(cut);
        _popover.WaitForElement("[data-column='params.max_depth'] input");
        _popover.InvokeAsync(() => _popover.Find("[data-column='params.max_depth'] input").Change(true));

        Assert.Equal(["metrics.validation_auc", "params.max_depth"], chosen);
    }

    [Fact]
    public void Search_TypedText_ShowsOnlyMatchingColumnsGrouped()
    {
        var cut = Render([], _ => { });

        Open(cut);
        _popover.WaitForElement("#runs-columns-search");
        _popover.InvokeAsync(() => _popover.Find("#runs-columns-search").Input("auc"));

        _popover.WaitForAssertion(() => Assert.Equal(["metrics.train_auc", "metrics.validation_auc"], _popover.FindAll(".column-option").Select(o => o.GetAttribute("data-column"))));
        Assert.Contains("Columns (0)", cut.Find("#runs-columns-button").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void None_Clicked_ClearsEveryColumn()
    {
        IReadOnlyList<string>? chosen = null;
        var cut = Render(Columns, c => chosen = c);

        Open(cut);
        _popover.WaitForElement("#runs-columns-none");
        _popover.InvokeAsync(() => _popover.Find("#runs-columns-none").Click());

        Assert.NotNull(chosen);
        Assert.Empty(chosen);
    }

    private IRenderedComponent<RunColumnChooser> Render(IReadOnlyList<string> selected, Action<IReadOnlyList<string>> changed)
    {
        _popover = Render<MudPopoverProvider>();
        return Render<RunColumnChooser>(p => p
            .Add(c => c.Columns, Columns)
            .Add(c => c.Selected, selected)
            .Add(c => c.SelectedChanged, changed));
    }

    private static void Open(IRenderedComponent<RunColumnChooser> cut) => cut.Find("#runs-columns-button").Click();
}
