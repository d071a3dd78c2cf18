using Bunit;
using Microsoft.AspNetCore.Components;
using MlOpsPortal.Web.Components.Shared;

namespace MlOpsPortal.Web.Tests.Components;

public sealed class EmptyStateTests : PortalComponentTest
{
    [Fact]
    public void EmptyState_WithTitleTextAndAction_RendersAllAndNoTable()
    {
        var cut = Render<EmptyState>(p => p
            .Add(e => e.Title, "Nothing here yet")
            .AddChildContent("Upload a CSV to start.")
            .Add(e => e.Actions, (RenderFragment)(b => b.AddMarkupContent(0, "<button id=\"start\">Upload</button>"))));

        var card = cut.Find(".empty-state");
        Assert.Contains("Nothing here yet", card.TextContent, StringComparison.Ordinal);
        Assert.Contains("Upload a CSV to start.", card.TextContent, StringComparison.Ordinal);
        Assert.NotNull(cut.Find("#start"));
        Assert.Empty(cut.FindAll("table"));
    }
}
