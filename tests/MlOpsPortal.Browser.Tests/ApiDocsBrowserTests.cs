using System.Text.RegularExpressions;
using Microsoft.Playwright;
using MlOpsPortal.TestSupport.Web;

namespace MlOpsPortal.Browser.Tests;

/// <summary>Scalar at /api/docs renders the portal's operations under its strict nonce policy, with nothing blocked.</summary>
public sealed class ApiDocsBrowserTests(BrowserFixture portal) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task ApiDocs_SignedInAdmin_RendersOperationsWithoutPolicyViolations()
    {
        var (context, page) = await portal.NewPageAsync();
        await using var _ = context;
        await BrowserFixture.SignInAsync(page, PortalApp.AdminEmail, PortalApp.AdminPassword);
        await Assertions.Expect(page.Locator("#interactive-state")).ToHaveTextAsync("connected");

        // From here on, anything the docs page is refused (a script or style blocked by the policy, a missing asset) counts.
        var problems = BrowserFixture.CollectProblems(page);

        var response = await page.GotoAsync("/api/docs/");
        Assert.NotNull(response);
        Assert.Contains("'nonce-", (await response.AllHeadersAsync())["content-security-policy"], StringComparison.Ordinal);
        await Assertions.Expect(page.GetByText("MlOpsPortal API").First).ToBeVisibleAsync();
        // Operations render with their "try it" buttons, from the document fetched through connect-src 'self'.
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { NameRegex = new Regex(@"^Test Request \((get|post|put|delete|patch) \/api\/") }).First).ToBeVisibleAsync();
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }
}
