using System.Net;
using MlOpsPortal.TestSupport.Web;

namespace MlOpsPortal.Web.Tests.Security;

public sealed class SecurityHeadersTests(PortalApp app) : IClassFixture<PortalApp>
{
    [Theory]
    [InlineData("account/login", HttpStatusCode.OK)]
    [InlineData("", HttpStatusCode.Redirect)]
    [InlineData("api/v1/auth/me", HttpStatusCode.Unauthorized)]
    [InlineData("css/app.css", HttpStatusCode.OK)]
    [InlineData("_framework/blazor.web.js", HttpStatusCode.OK)]
    [InlineData("health/live", HttpStatusCode.OK)]
    [InlineData("api/v1/no-such-route", HttpStatusCode.Unauthorized)]
    [InlineData("css/no-such-file.css", HttpStatusCode.Found)]
    public async Task AnyResponse_Anonymous_CarriesSecurityHeaders(string path, HttpStatusCode expected)
    {
        using var client = app.CreateClient();
        using var response = await client.GetAsync(path);
        Assert.Equal(expected, response.StatusCode);
        AssertSecurityHeaders(response);
    }

    [Theory]
    [InlineData("models", HttpStatusCode.OK)]
    [InlineData("no-such-page", HttpStatusCode.NotFound)]
    [InlineData("api/v1/auth/me", HttpStatusCode.OK)]
    [InlineData("api/v1/no-such-route", HttpStatusCode.NotFound)]
    [InlineData("css/no-such-file.css", HttpStatusCode.NotFound)]
    public async Task AnyResponse_SignedIn_CarriesSecurityHeaders(string path, HttpStatusCode expected)
    {
        var (browser, _) = await BrowserSession.SignInAsync(app, PortalApp.AdminEmail, PortalApp.AdminPassword);
        using (browser)
        {
            using var response = await browser.GetAsync(path);
            Assert.Equal(expected, response.StatusCode);
            AssertSecurityHeaders(response);
        }
    }

    private static void AssertSecurityHeaders(HttpResponseMessage response)
    {
        var csp = string.Join(";", response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("script-src 'self'", csp, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.Contains("object-src 'none'", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-eval", csp, StringComparison.Ordinal);
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("no-referrer", Assert.Single(response.Headers.GetValues("Referrer-Policy")));
    }
}
