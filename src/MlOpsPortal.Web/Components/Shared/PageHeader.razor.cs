using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace MlOpsPortal.Web.Components.Shared;

/// <summary>One step of a breadcrumb: the object's name and where it lives (null for the current page).</summary>
public sealed record Crumb(string Text, string? Href = null);

public partial class PageHeader
{
    private List<BreadcrumbItem> _items = [];

    /// <summary>The page's heading: the object's name where the page shows one object.</summary>
    [Parameter, EditorRequired]
    public string Title { get; set; } = string.Empty;

    /// <summary>The browser tab's title when it should differ from the heading (e.g. "adult v3").</summary>
    [Parameter]
    public string? BrowserTitle { get; set; }

    /// <summary>The way here, outermost first; the current page is added from <see cref="Title"/>.</summary>
    [Parameter]
    public IReadOnlyList<Crumb> Breadcrumbs { get; set; } = [];

    /// <summary>Status chips beside the title.</summary>
    [Parameter]
    public RenderFragment? Status { get; set; }

    /// <summary>The page's main actions (buttons), right-aligned; they wrap under the title on narrow screens.</summary>
    [Parameter]
    public RenderFragment? Actions { get; set; }

    [Parameter]
    public RenderFragment? Subtitle { get; set; }

    protected override void OnParametersSet()
    {
        _items = [.. Breadcrumbs.Select(c => new BreadcrumbItem(c.Text, c.Href, disabled: c.Href is null)),
            new BreadcrumbItem(Title, href: null, disabled: true)];
    }
}
