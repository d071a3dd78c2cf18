using System.Net.Http.Json;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using MlOpsPortal.TestSupport.Web;

namespace MlOpsPortal.Browser.Tests;

public sealed partial class ShellTests(BrowserFixture portal) : IClassFixture<BrowserFixture>
{
    private static readonly string[] Sections = ["Datasets", "Experiments", "Models", "Approvals", "Fairness", "Jobs", "Monitoring"];

    [Fact]
    public async Task Admin_SignsInVisitsEverySectionAndSignsOut()
    {
        var (context, page) = await portal.NewPageAsync();
        await using var _ = context;
        await BrowserFixture.SignInAsync(page, PortalApp.AdminEmail, PortalApp.AdminPassword);

        // The Blazor circuit is live: the page says so only after an interactive render.
        await Assertions.Expect(page.Locator("#interactive-state")).ToHaveTextAsync("connected");
        await Assertions.Expect(page.Locator("#welcome")).ToContainTextAsync(PortalApp.AdminEmail);

        foreach (var section in Sections)
        {
            await BrowserFixture.OpenMenuAsync(page, section);
            await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync(section);
        }

        await BrowserFixture.OpenMenuAsync(page, "Users");
        await Assertions.Expect(page.Locator("#user-list")).ToContainTextAsync(PortalApp.AdminEmail);

        await BrowserFixture.SignOutAsync(page);
        await page.WaitForURLAsync(LoginUrl());
        await page.GotoAsync("/datasets");
        await page.WaitForURLAsync(LoginUrl());
    }

    [Fact]
    public async Task Viewer_SeesNoAdminNavigationAndIsDeniedAdminPages()
    {
        var password = await portal.CreateUserAsync("viewer-browser@test.local", "Viewer");
        var (context, page) = await portal.NewPageAsync();
        await using var _ = context;
        await BrowserFixture.SignInAsync(page, "viewer-browser@test.local", password);
        await Assertions.Expect(page.Locator("#interactive-state")).ToHaveTextAsync("connected");
        await Assertions.Expect(page.Locator(".nav-menu")).ToContainTextAsync("Monitoring");
        await Assertions.Expect(page.Locator(".nav-menu")).Not.ToContainTextAsync("Admin");

        await page.GotoAsync("/admin/users");
        await Assertions.Expect(page.Locator("body")).ToContainTextAsync("Access denied");
        await Assertions.Expect(page.Locator("#user-list")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task UnknownAddress_SignedIn_ShowsNotFoundPageInTheShellWhileApiKeepsProblemDetails()
    {
        var (context, page) = await portal.NewPageAsync();
        await using var _ = context;
        await BrowserFixture.SignInAsync(page, PortalApp.AdminEmail, PortalApp.AdminPassword);
        await Assertions.Expect(page.Locator("#interactive-state")).ToHaveTextAsync("connected");

        var response = await page.GotoAsync("/no/such/page");

        Assert.Equal(404, response!.Status);
        Assert.StartsWith("text/html", (await response.AllHeadersAsync())["content-type"], StringComparison.Ordinal);
        await Assertions.Expect(page.Locator("#not-found-title")).ToHaveTextAsync("Page not found");
        await Assertions.Expect(page.Locator(".nav-menu")).ToContainTextAsync("Datasets");
        await Assertions.Expect(page).ToHaveTitleAsync(new Regex("^Not found"));

        using var client = portal.CreateClient(await portal.AdminTokenAsync());
        using var api = await client.GetAsync("api/v1/no-such-endpoint");
        Assert.Equal(HttpStatusCode.NotFound, api.StatusCode);
        Assert.Equal("application/problem+json", api.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task GlobalSearch_TypedModelName_ListsItAndOpensItsPage()
    {
        using var api = portal.CreateClient(await portal.AdminTokenAsync());
        using (var created = await api.PostAsJsonAsync("api/v1/models", new { name = "searchable-churn", description = "found by the header search" }))
        {
            Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync());
        }

        var (context, page) = await portal.NewPageAsync();
        await using var _ = context;
        await BrowserFixture.SignInAsync(page, PortalApp.AdminEmail, PortalApp.AdminPassword);
        await Assertions.Expect(page.Locator("#interactive-state")).ToHaveTextAsync("connected");

        await page.Locator("#global-search").FillAsync("searchable-ch");
        var hit = page.Locator(".search-hit[data-kind='Model']").Filter(new() { HasText = "searchable-churn" });
        await Assertions.Expect(hit).ToBeVisibleAsync();
        await hit.ClickAsync();

        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/models/searchable-churn");
        await Assertions.Expect(page.Locator("h1").First).ToContainTextAsync("searchable-churn");
    }

    [Fact]
    public async Task SignIn_FiveWrongPasswords_ShowsLockoutMessage()
    {
        await portal.CreateUserAsync("lockout-browser@test.local", "Viewer");
        var (context, page) = await portal.NewPageAsync();
        await using var _ = context;
        for (var i = 0; i < 4; i++)
        {
            await BrowserFixture.SignInAsync(page, "lockout-browser@test.local", "not-the-password");
            await Assertions.Expect(page.Locator("#login-error")).ToHaveTextAsync(MlOpsPortal.Web.Auth.SignInFailure.Message);
        }

        await BrowserFixture.SignInAsync(page, "lockout-browser@test.local", "not-the-password");
        await Assertions.Expect(page.Locator("#login-error")).ToContainTextAsync("locked after 5 failed sign-ins");

        // Locked and unknown accounts read alike: the page does not reveal which accounts exist.
        await BrowserFixture.SignInAsync(page, "no-such-user@test.local", "not-the-password");
        await Assertions.Expect(page.Locator("#login-error")).ToHaveTextAsync(MlOpsPortal.Web.Auth.SignInFailure.Message);
    }

    [Fact]
    public async Task TokensPage_CreateToken_ShowsItOnceAndItAuthenticatesRestCalls()
    {
        var (context, page) = await portal.NewPageAsync();
        await using var _ = context;
        await BrowserFixture.SignInAsync(page, PortalApp.AdminEmail, PortalApp.AdminPassword);
        await Assertions.Expect(page.Locator("#interactive-state")).ToHaveTextAsync("connected");
        await page.Locator(".user-menu-button").ClickAsync();
        await page.GetByText("API tokens").ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("API tokens");
        await page.Locator("#token-name").FillAsync("browser-made");
        await page.ClickAsync("#create-token");
        var token = await page.Locator("#new-token").TextContentAsync();
        Assert.StartsWith("mlp_", token, StringComparison.Ordinal);
        await Assertions.Expect(page.Locator("#token-list")).ToContainTextAsync("browser-made");

        using var client = portal.CreateClient(token);
        using var me = await client.GetAsync("api/v1/auth/me");
        Assert.Equal(HttpStatusCode.OK, me.StatusCode);
    }

    [Fact]
    public async Task ThemeToggle_SwitchesBetweenLightAndDark()
    {
        var (context, page) = await portal.NewPageAsync();
        await using var _ = context;
        await page.EmulateMediaAsync(new() { ColorScheme = ColorScheme.Light });
        await BrowserFixture.SignInAsync(page, PortalApp.AdminEmail, PortalApp.AdminPassword);
        await Assertions.Expect(page.Locator("#interactive-state")).ToHaveTextAsync("connected");
        var layout = page.Locator("body");
        await Assertions.Expect(page.Locator("#theme-toggle")).ToHaveAttributeAsync("aria-label", "Switch between light and dark theme");
        var light = await layout.EvaluateAsync<string>("e => getComputedStyle(e).backgroundColor");
        Assert.True(Channels(light).All(c => c > 200), light);

        await page.Locator("#theme-toggle").ClickAsync();

        // The page background turns dark (every channel below half), and back again on a second click.
        await Assertions.Expect(layout).Not.ToHaveCSSAsync("background-color", light);
        var dark = await layout.EvaluateAsync<string>("e => getComputedStyle(e).backgroundColor");
        Assert.True(Channels(dark).All(c => c < 128), $"light {light}, dark {dark}");
        await page.Locator("#theme-toggle").ClickAsync();
        await Assertions.Expect(layout).ToHaveCSSAsync("background-color", light);
    }

    private static int[] Channels(string rgb) =>
        [.. Regex.Matches(rgb, @"\d+").Take(3).Select(m => int.Parse(m.Value, System.Globalization.CultureInfo.InvariantCulture))];

    private static Regex LoginUrl() => LoginPattern();

    [GeneratedRegex("/account/login")]
    private static partial Regex LoginPattern();
}
