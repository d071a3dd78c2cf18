using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MlOpsPortal.TestSupport.Web;

namespace MlOpsPortal.Web.Tests.Security;

/// <summary>Lockout cannot be used to find accounts or to cut off a user's API tokens.</summary>
public sealed class SignInTests(PortalApp app) : IClassFixture<PortalApp>
{
    [Fact]
    public async Task CreateToken_LockedAndUnknownAccounts_GetTheSameAnswer()
    {
        var password = await app.CreateUserAsync("lock-same@test.local", "DataScientist");
        using var client = app.CreateClient();
        for (var i = 0; i < 5; i++)
        {
            using var wrong = await client.PostAsJsonAsync("api/v1/auth/tokens", new { email = "lock-same@test.local", password = "wrong-password" });
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        }

        using var locked = await client.PostAsJsonAsync("api/v1/auth/tokens", new { email = "lock-same@test.local", password });
        using var unknown = await client.PostAsJsonAsync("api/v1/auth/tokens", new { email = "nobody-here@test.local", password });
        Assert.Equal(HttpStatusCode.Unauthorized, locked.StatusCode);
        Assert.Equal(unknown.StatusCode, locked.StatusCode);
        var lockedBody = await locked.Content.ReadFromJsonAsync<JsonElement>();
        var unknownBody = await unknown.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(unknownBody.GetProperty("title").GetString(), lockedBody.GetProperty("title").GetString());
        Assert.Equal(unknownBody.GetProperty("detail").GetString(), lockedBody.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task LoginPage_LockedAndUnknownAccounts_ShowTheSameMessage()
    {
        var password = await app.CreateUserAsync("lock-page@test.local", "Viewer");
        using var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer() }) { BaseAddress = app.BaseAddress };
        for (var i = 0; i < 5; i++)
        {
            using var wrong = await BrowserSession.PostLoginAsync(browser, "lock-page@test.local", "wrong-password");
            Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
        }

        using var locked = await BrowserSession.PostLoginAsync(browser, "lock-page@test.local", password);
        using var unknown = await BrowserSession.PostLoginAsync(browser, "nobody-page@test.local", password);
        Assert.Equal(await ErrorOfAsync(unknown), await ErrorOfAsync(locked));
    }

    [Fact]
    public async Task BearerToken_WhileAccountIsLockedOut_KeepsWorking()
    {
        var password = await app.CreateUserAsync("lock-token@test.local", "DataScientist");
        var token = await app.TokenAsync("lock-token@test.local", password, "read");
        using var anonymous = app.CreateClient();
        for (var i = 0; i < 5; i++)
        {
            using var wrong = await anonymous.PostAsJsonAsync("api/v1/auth/tokens", new { email = "lock-token@test.local", password = "wrong-password" });
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        }

        using var client = app.CreateClient(token);
        using var me = await client.GetAsync("api/v1/auth/me");
        Assert.Equal(HttpStatusCode.OK, me.StatusCode);
    }

    private static async Task<string> ErrorOfAsync(HttpResponseMessage response)
    {
        var html = await response.Content.ReadAsStringAsync();
        var document = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(html);
        return document.QuerySelector("#login-error")?.TextContent.Trim() ?? "(no error shown)";
    }
}

/// <summary>The portal with a small sign-in budget per address, for the throttling test alone.</summary>
public sealed class ThrottledPortalApp : PortalApp
{
    protected override IEnumerable<string> ExtraArgs => ["--Security:SignIn:PermitLimit=3", "--Security:SignIn:WindowSeconds=300"];
}

public sealed class SignInThrottlingTests(ThrottledPortalApp app) : IClassFixture<ThrottledPortalApp>
{
    [Fact]
    public async Task SignInAttempts_BeyondTheBudgetFromOneAddress_Return429WithRetryAfter()
    {
        using var client = app.CreateClient();
        for (var i = 0; i < 3; i++)
        {
            using var wrong = await client.PostAsJsonAsync("api/v1/auth/tokens", new { email = $"guess{i}@test.local", password = "guess" });
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        }

        using var throttled = await client.PostAsJsonAsync("api/v1/auth/tokens", new { email = PortalApp.AdminEmail, password = PortalApp.AdminPassword });
        Assert.Equal(HttpStatusCode.TooManyRequests, throttled.StatusCode);
        Assert.Equal("application/problem+json", throttled.Content.Headers.ContentType?.MediaType);
        var seconds = int.Parse(Assert.Single(throttled.Headers.GetValues("Retry-After")), System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(seconds, 1, 300);

        // The sign-in form shares the budget; other requests are not limited.
        using var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer() }) { BaseAddress = app.BaseAddress };
        using var form = await BrowserSession.PostLoginAsync(browser, PortalApp.AdminEmail, PortalApp.AdminPassword);
        Assert.Equal(HttpStatusCode.TooManyRequests, form.StatusCode);
        using var health = await client.GetAsync("health/live");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }
}
