using Bunit;
using Microsoft.AspNetCore.Components;
using MlOpsPortal.Web.Components.Shared;

namespace MlOpsPortal.Web.Tests.Components.Layout;

public sealed class PageHeaderTests : PortalComponentTest
{
    [Fact]
    public void PageHeader_WithBreadcrumbsStatusAndActions_LinksEachAncestorAndNamesTheObject()
    {
        var cut = Render<PageHeader>(p => p
            .Add(h => h.Title, "v3")
            .Add(h => h.Breadcrumbs, [new Crumb("Models", "/models"), new Crumb("churn", "/models/churn")])
            .Add(h => h.Status, (RenderFragment)(b => b.AddMarkupContent(0, "<span class=\"chip\">READY</span>")))
            .Add(h => h.Actions, (RenderFragment)(b => b.AddMarkupContent(0, "<button id=\"promote\">Promote</button>"))));

        Assert.Equal("v3", cut.Find("h1").TextContent.Trim());
        // The current page closes the trail as plain text (MudBlazor renders it as a disabled "#" item).
        var links = cut.FindAll(".page-breadcrumbs a").Where(a => a.GetAttribute("href") != "#").ToList();
        Assert.Equal(["/models", "/models/churn"], links.Select(a => a.GetAttribute("href")));
        Assert.Contains("churn", links[1].TextContent, StringComparison.Ordinal);
        Assert.Equal("READY", cut.Find(".page-header-title .chip").TextContent);
        Assert.NotNull(cut.Find(".page-header-actions #promote"));
    }

    [Fact]
    public void PageHeader_WithoutBreadcrumbs_RendersTitleOnly()
    {
        var cut = Render<PageHeader>(p => p.Add(h => h.Title, "Datasets"));

        Assert.Equal("Datasets", cut.Find("h1").TextContent.Trim());
        Assert.Empty(cut.FindAll(".page-breadcrumbs"));
        Assert.Empty(cut.FindAll(".page-header-actions"));
    }
}
