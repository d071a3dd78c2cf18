using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using MlOpsPortal.TestSupport.Web;

namespace MlOpsPortal.Browser.Tests;

public sealed partial class SecurityBrowserTests(BrowserFixture portal) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task Pages_UnderContentSecurityPolicy_StayInteractiveWithoutViolations()
    {
        var (context, page) = await portal.NewPageAsync();
        await using var _ = context;
        var violations = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase))
            {
                violations.Add(message.Text);
            }
        };
        await BrowserFixture.SignInAsync(page, PortalApp.AdminEmail, PortalApp.AdminPassword);
        await Assertions.Expect(page.Locator("#interactive-state")).ToHaveTextAsync("connected");

        // An interactive round trip through the circuit: the Register dialog checks its fields in plain words.
        await BrowserFixture.OpenMenuAsync(page, "Models");
        await page.ClickAsync("#create-model");
        await page.ClickAsync("#register-submit");
        await Assertions.Expect(page.GetByText("Choose a model or type a name for a new one.")).ToBeVisibleAsync();
        await page.ClickAsync("#register-cancel");
        foreach (var section in (string[])["Datasets", "Experiments", "Fairness", "Jobs", "Monitoring"])
        {
            await BrowserFixture.OpenMenuAsync(page, section);
            await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync(section);
        }

        Assert.Empty(violations);
    }

    [Fact]
    public async Task Circuit_UserDemotedWhileOnPage_LosesWriteControlsAtOnce()
    {
        var password = await portal.CreateUserAsync("circuit-demoted@test.local", "DataScientist");
        var (context, page) = await portal.NewPageAsync();
        await using var _ = context;
        await BrowserFixture.SignInAsync(page, "circuit-demoted@test.local", password);
        await Assertions.Expect(page.Locator("#interactive-state")).ToHaveTextAsync("connected");
        await BrowserFixture.OpenMenuAsync(page, "Models");
        await Assertions.Expect(page.Locator("#create-model")).ToBeVisibleAsync();

        using var admin = portal.CreateClient(await portal.AdminTokenAsync());
        var users = await admin.GetFromJsonAsync<JsonElement>("api/v1/admin/users");
        var id = users.EnumerateArray().Single(u => u.GetProperty("email").GetString() == "circuit-demoted@test.local").GetProperty("id").GetString();
        using (var demote = await admin.PutAsJsonAsync($"api/v1/admin/users/{id}/roles", new { roles = new[] { "Viewer" } }))
        {
            demote.EnsureSuccessStatusCode();
        }

        // Well within the 10 s periodic re-check: the role change on this node re-checks the open circuit at once.
        await Assertions.Expect(page.Locator("#create-model")).ToHaveCountAsync(0, new() { Timeout = 5_000 });
        await page.WaitForURLAsync(new Regex("/models$"));
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Models");
        await Assertions.Expect(page.Locator("#create-model")).ToHaveCountAsync(0);
    }
}
