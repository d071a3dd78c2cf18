using Microsoft.Playwright;
using MlOpsPortal.TestSupport.Web;

namespace MlOpsPortal.Browser.Tests;

/// <summary>The Admin's journey: create a user with a role, change the role, find both changes in the audit log, look at the cluster.</summary>
public sealed class AdminJourneyTests(BrowserFixture portal) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task Admin_CreatesUserChangesRoleReadsAuditAndCluster()
    {
        var (context, page) = await portal.NewPageAsync();
        await using var _ = context;
        await page.SetViewportSizeAsync(1280, 800);
        await BrowserFixture.SignInAsync(page, PortalApp.AdminEmail, PortalApp.AdminPassword);
        await Assertions.Expect(page.Locator("#interactive-state")).ToHaveTextAsync("connected");
        var problems = BrowserFixture.CollectProblems(page);

        await BrowserFixture.OpenMenuAsync(page, "Users");
        await page.Locator("#show-create-user").ClickAsync();
        await page.Locator("#new-user-email").FillAsync("journey-analyst@test.local");
        await page.Locator("#new-user-name").FillAsync("Journey Analyst");
        await page.Locator("#new-user-password").FillAsync("Journey-Pass-123!");
        await page.Locator("#create-user").ClickAsync();
        await Assertions.Expect(page.Locator(".mud-snackbar")).ToContainTextAsync("Created journey-analyst@test.local");
        var row = page.Locator("#user-list tr").Filter(new() { HasText = "journey-analyst@test.local" });
        await Assertions.Expect(row).ToBeVisibleAsync();

        // Grant DataScientist: one click on the row's checkbox, confirmed at once.
        await row.GetByLabel("DataScientist").CheckAsync();
        await Assertions.Expect(page.Locator(".mud-snackbar").Last).ToContainTextAsync("Roles of journey-analyst@test.local:");
        await Assertions.Expect(page.Locator(".mud-snackbar").Last).ToContainTextAsync("DataScientist");
        await BrowserFixture.ScreenshotAsync(page, "admin-users");

        await BrowserFixture.OpenMenuAsync(page, "Audit log");
        await page.Locator("#audit-entity").FillAsync("User");
        await page.Locator("#audit-filter").ClickAsync();
        await Assertions.Expect(page.Locator("#audit-list")).ToContainTextAsync("journey-analyst@test.local");
        await Assertions.Expect(page.Locator("#audit-list tbody tr").Filter(new() { HasText = "DataScientist" }).First).ToBeVisibleAsync();
        await BrowserFixture.ScreenshotAsync(page, "admin-audit");

        await BrowserFixture.OpenMenuAsync(page, "Cluster");
        await Assertions.Expect(page.Locator("#cluster-nodes")).ToContainTextAsync("alive");
        await Assertions.Expect(page.Locator("#job-limits")).ToContainTextAsync("training");
        await BrowserFixture.ScreenshotAsync(page, "admin-cluster");

        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }
}
