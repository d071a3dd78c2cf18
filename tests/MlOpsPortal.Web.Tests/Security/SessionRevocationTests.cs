using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using MlOpsPortal.TestSupport.Web;

namespace MlOpsPortal.Web.Tests.Security;

/// <summary>Role changes and sign-out apply to an existing cookie at its next request, not when it expires.</summary>
public sealed partial class SessionRevocationTests(PortalApp app) : IClassFixture<PortalApp>
{
    [Fact]
    public async Task CookieWrite_AfterDemotionToViewer_Returns403()
    {
        var password = await app.CreateUserAsync("demoted@test.local", "DataScientist");
        var (browser, _) = await BrowserSession.SignInAsync(app, "demoted@test.local", password);
        using (browser)
        {
            await AddCsrfHeaderAsync(browser);
            using (var before = await browser.PostAsJsonAsync("api/2.0/mlflow/experiments/create", new { name = "before-demotion" }))
            {
                Assert.Equal(HttpStatusCode.OK, before.StatusCode);
            }

            using var admin = app.CreateClient(await app.AdminTokenAsync());
            var users = await admin.GetFromJsonAsync<JsonElement>("api/v1/admin/users");
            var id = users.EnumerateArray().Single(u => u.GetProperty("email").GetString() == "demoted@test.local").GetProperty("id").GetString();
            using (var demote = await admin.PutAsJsonAsync($"api/v1/admin/users/{id}/roles", new { roles = new[] { "Viewer" } }))
            {
                Assert.Equal(HttpStatusCode.OK, demote.StatusCode);
            }

            using var after = await browser.PostAsJsonAsync("api/2.0/mlflow/experiments/create", new { name = "after-demotion" });
            Assert.Equal(HttpStatusCode.Forbidden, after.StatusCode);
            var me = await browser.GetFromJsonAsync<JsonElement>("api/v1/auth/me");
            Assert.Equal(["Viewer"], me.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
        }
    }

    [Fact]
    public async Task OldCookie_ReplayedAfterSignOut_Returns401()
    {
        var password = await app.CreateUserAsync("signout@test.local", "DataScientist");
        var (browser, cookies) = await BrowserSession.SignInAsync(app, "signout@test.local", password);
        using (browser)
        {
            var stolen = cookies.GetCookieHeader(app.BaseAddress);
            using (var me = await browser.GetAsync("api/v1/auth/me"))
            {
                Assert.Equal(HttpStatusCode.OK, me.StatusCode);
            }

            // The user menu's sign-out form, with the antiforgery field the page rendered.
            var page = await browser.GetStringAsync("models");
            var token = LogoutToken().Match(page).Groups[1].Value;
            Assert.NotEmpty(token);
            using var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token) });
            using (var signOut = await browser.PostAsync("account/logout", form))
            {
                Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);
            }

            using var replay = BrowserSession.WithCookieHeader(app, stolen);
            using var replayed = await replay.GetAsync("api/v1/auth/me");
            Assert.Equal(HttpStatusCode.Unauthorized, replayed.StatusCode);
        }
    }

    [Fact]
    public async Task SignOut_WithoutAntiforgeryToken_IsRefusedAndSessionStays()
    {
        var password = await app.CreateUserAsync("signout-csrf@test.local", "Viewer");
        var (browser, _) = await BrowserSession.SignInAsync(app, "signout-csrf@test.local", password);
        using (browser)
        {
            using var form = new FormUrlEncodedContent(new Dictionary<string, string>());
            using (var signOut = await browser.PostAsync("account/logout", form))
            {
                Assert.Equal(HttpStatusCode.BadRequest, signOut.StatusCode);
            }

            using var me = await browser.GetAsync("api/v1/auth/me");
            Assert.Equal(HttpStatusCode.OK, me.StatusCode);
        }
    }

    private static async Task AddCsrfHeaderAsync(HttpClient browser)
    {
        var csrf = await browser.GetFromJsonAsync<JsonElement>("api/v1/auth/csrf");
        browser.DefaultRequestHeaders.Add("X-CSRF-TOKEN", csrf.GetProperty("token").GetString());
    }

    [GeneratedRegex("action=\"account/logout\"[^>]*>\\s*<input[^>]*name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"")]
    private static partial Regex LogoutToken();
}
