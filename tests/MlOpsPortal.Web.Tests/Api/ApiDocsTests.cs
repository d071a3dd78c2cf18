using System.Net;
using System.Text.RegularExpressions;
using MlOpsPortal.TestSupport.Web;

namespace MlOpsPortal.Web.Tests.Api;

/// <summary>The interactive API docs (Scalar) at /api/docs: signed-in users only, assets from the portal itself, a nonce CSP.</summary>
public sealed partial class ApiDocsTests(PortalApp app) : IClassFixture<PortalApp>
{
    [Fact]
    public async Task ApiDocs_Anonymous_RedirectsToSignIn()
    {
        using var client = app.CreateClient();
        using var response = await client.GetAsync("api/docs/");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/account/login", response.Headers.Location?.PathAndQuery, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ApiDocs_SignedIn_ServesScalarFromThePortalWithANonceContentSecurityPolicy()
    {
        using var client = app.CreateClient(await app.AdminTokenAsync());
        using var response = await client.GetAsync("api/docs/");
        var html = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(html.Contains("\"api/openapi/v1.json\"", StringComparison.Ordinal), html);
        Assert.DoesNotContain("cdn.jsdelivr", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("https://", html, StringComparison.OrdinalIgnoreCase);

        // Every script is local or carries the nonce that the response's policy names.
        var csp = Assert.Single(response.Headers.GetValues("Content-Security-Policy"));
        var nonce = NonceInPolicy().Match(csp).Groups[1].Value;
        Assert.NotEmpty(nonce);
        var scripts = ScriptTag().Matches(html).Select(m => m.Value).ToList();
        Assert.NotEmpty(scripts);
        Assert.All(scripts, s => Assert.True(s.Contains($"nonce=\"{nonce}\"", StringComparison.Ordinal) || !s.Contains("https:", StringComparison.Ordinal), s));
        Assert.Contains(scripts, s => s.Contains($"nonce=\"{nonce}\"", StringComparison.Ordinal));
        Assert.Contains("script-src 'self' 'nonce-", csp, StringComparison.Ordinal);

        using var script = await client.GetAsync("api/docs/scalar.js");
        Assert.Equal(HttpStatusCode.OK, script.StatusCode);
        Assert.Contains("javascript", script.Content.Headers.ContentType?.MediaType, StringComparison.Ordinal);
    }

    [GeneratedRegex("'nonce-([^']+)'")]
    private static partial Regex NonceInPolicy();

    [GeneratedRegex("<script[^>]*>")]
    private static partial Regex ScriptTag();
}
