using System.Security.Claims;
using Bunit;
using MlOpsPortal.Domain.Identity;
using MlOpsPortal.Web.Components.Layout;

namespace MlOpsPortal.Web.Tests.Components.Layout;

public sealed class NavMenuTests : PortalComponentTest
{
    [Fact]
    public void For_Viewer_ShowsNoAdminGroupAndNoTrainingPages()
    {
        var viewer = User(Roles.Viewer);

        var groups = NavMenuModel.For(viewer);

        Assert.Equal(["Data", "Develop", "Models", "Responsible AI", "Operate"], groups.Select(g => g.Title));
        var hrefs = groups.SelectMany(g => g.Items).Select(i => i.Href).ToList();
        Assert.DoesNotContain("/training/new", hrefs);
        Assert.DoesNotContain("/training/hpo", hrefs);
        Assert.DoesNotContain(hrefs, h => h.StartsWith("/admin", StringComparison.Ordinal));
    }

    [Fact]
    public void For_Admin_ShowsEveryGroupIncludingAdmin()
    {
        var groups = NavMenuModel.For(User(Roles.Admin));

        Assert.Equal(NavMenuModel.All.Select(g => g.Title), groups.Select(g => g.Title));
        Assert.Equal(NavMenuModel.All.Sum(g => g.Items.Count), groups.Sum(g => g.Items.Count));
    }

    [Theory]
    [InlineData(Roles.Viewer, false)]
    [InlineData(Roles.DataScientist, false)]
    [InlineData(Roles.Admin, true)]
    public void NavMenu_RenderedForRole_ShowsAdminLinksOnlyToAdmins(string role, bool seesAdmin)
    {
        SignIn("someone@example.com", role);
        ComponentFactories.AddStub<MlOpsPortal.Web.Components.Pages.Registry.CountBadges>();

        var cut = Render<Microsoft.AspNetCore.Components.Authorization.CascadingAuthenticationState>(p =>
            p.AddChildContent<NavMenu>());

        var hrefs = cut.FindAll(".nav-menu a").Select(a => a.GetAttribute("href")).ToList();
        Assert.Contains("/datasets", hrefs);
        Assert.Equal(seesAdmin, hrefs.Contains("/admin/users"));
        Assert.Equal(seesAdmin, cut.Markup.Contains(">Admin<", StringComparison.Ordinal));
        Assert.Equal(role != Roles.Viewer, hrefs.Contains("/training/new"));
    }

    private static ClaimsPrincipal User(params string[] roles) =>
        new(new ClaimsIdentity([new Claim(ClaimTypes.Name, "u@example.com"), .. roles.Select(r => new Claim(ClaimTypes.Role, r))], "test"));
}
