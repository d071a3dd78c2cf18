using System.Net.Http.Json;
using Microsoft.Playwright;
using MlOpsPortal.TestSupport.Web;
using MlOpsPortal.Web.Components.Layout;

namespace MlOpsPortal.Browser.Tests;

/// <summary>Every page in the menu opens, becomes interactive and logs no console error and no failed request.</summary>
public sealed class MenuPagesBrowserTests(BrowserFixture portal) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task EveryMenuPage_AsAdmin_LoadsWithoutConsoleOrHttpErrors()
    {
        // A populated portal (the sample project: Adult data, a run, a registered and evaluated version), so that
        // pages render their tables and charts, not only their empty states.
        using (var api = portal.CreateClient(await portal.AdminTokenAsync()))
        {
            using var started = await api.PostAsync("api/v1/sample-project", null);
            Assert.Equal(System.Net.HttpStatusCode.Accepted, started.StatusCode);
            var job = (await started.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("jobId").GetGuid();
            await BrowserApi.WaitForJobAsync(api, job);
        }

        var (context, page) = await portal.NewPageAsync();
        await using var _ = context;
        await BrowserFixture.SignInAsync(page, PortalApp.AdminEmail, PortalApp.AdminPassword);
        await Assertions.Expect(page.Locator("#interactive-state")).ToHaveTextAsync("connected");
        await BrowserFixture.ScreenshotAsync(page, "page-home");
        var problems = BrowserFixture.CollectProblems(page);

        var visited = new List<string>();
        foreach (var item in NavMenuModel.All.SelectMany(g => g.Items))
        {
            await BrowserFixture.OpenMenuAsync(page, item.Title);
            await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == item.Href);
            // The page header renders and the circuit answers (the menu highlights the active entry interactively).
            await Assertions.Expect(page.Locator("h1").First).ToBeVisibleAsync();
            await Assertions.Expect(page.Locator(".nav-menu a.active")).ToHaveCountAsync(1);
            Assert.DoesNotContain("Access denied", await page.Locator("main").InnerTextAsync(), StringComparison.Ordinal);
            await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
            await BrowserFixture.ScreenshotAsync(page, "page" + item.Href.Replace('/', '-'));
            visited.Add(item.Href);
        }

        Assert.Equal(NavMenuModel.All.Sum(g => g.Items.Count), visited.Count);
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }
}
