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
        var problems = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                problems.Add(message.Text);
            }
        };
        page.RequestFailed += (_, request) => problems.Add($"failed: {request.Url}");
        await BrowserFixture.SignInAsync(page, PortalApp.AdminEmail, PortalApp.AdminPassword);
        await Assertions.Expect(page.Locator("#interactive-state")).ToHaveTextAsync("connected");

        var response = await page.GotoAsync("/api/docs/");
        Assert.NotNull(response);
        Assert.Contains("'nonce-", (await response.AllHeadersAsync())["content-security-policy"], StringComparison.Ordinal);
        await Assertions.Expect(page.GetByText("MlOpsPortal API").First).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByText("Create an experiment (DataScientist or Admin).").First).ToBeAttachedAsync();
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }
}
