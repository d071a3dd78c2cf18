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
            await page.Locator(".nav-menu").GetByText(section, new() { Exact = true }).ClickAsync();
            await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync(section);
        }

        await page.Locator(".nav-menu").GetByText("Users", new() { Exact = true }).ClickAsync();
        await Assertions.Expect(page.Locator("#user-list")).ToContainTextAsync(PortalApp.AdminEmail);

        await page.ClickAsync("#sign-out");
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
        await page.Locator(".user-menu").ClickAsync();
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
        await BrowserFixture.SignInAsync(page, PortalApp.AdminEmail, PortalApp.AdminPassword);
        await Assertions.Expect(page.Locator("#interactive-state")).ToHaveTextAsync("connected");
        var theme = page.Locator("link[href*='_content/Radzen.Blazor/css/']");
        var before = await theme.First.GetAttributeAsync("href");
        await page.Locator(".rz-header button[title='Light or dark theme'], .rz-header .rz-appearance-toggle, .rz-header [title='Light or dark theme']").First.ClickAsync();
        await Assertions.Expect(theme.First).Not.ToHaveAttributeAsync("href", before!);
        Assert.Contains("dark", await theme.First.GetAttributeAsync("href") ?? string.Empty, StringComparison.Ordinal);
    }

    private static Regex LoginUrl() => LoginPattern();

    [GeneratedRegex("/account/login")]
    private static partial Regex LoginPattern();
}
