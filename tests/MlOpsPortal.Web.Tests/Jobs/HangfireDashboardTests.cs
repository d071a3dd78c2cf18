using System.Net;
using MlOpsPortal.TestSupport.Web;
using MlOpsPortal.Web.Tests.Security;

namespace MlOpsPortal.Web.Tests.Jobs;

/// <summary>The Hangfire dashboard at /hangfire: Admins signed in to the portal only, linked from Admin → Cluster.</summary>
public sealed class HangfireDashboardTests(PortalApp app) : IClassFixture<PortalApp>
{
    [Fact]
    public async Task Dashboard_SignedInAdmin_Returns200_AndTheClusterPageLinksIt()
    {
        var (client, _) = await BrowserSession.SignInAsync(app, PortalApp.AdminEmail, PortalApp.AdminPassword);
        using (client)
        {
            using var dashboard = await client.GetAsync("hangfire");
            var body = await dashboard.Content.ReadAsStringAsync();
            Assert.True(dashboard.StatusCode == HttpStatusCode.OK, body);
            Assert.Contains("MlOpsPortal background jobs", body, StringComparison.Ordinal);
            using var servers = await client.GetAsync("hangfire/servers");
            Assert.Equal(HttpStatusCode.OK, servers.StatusCode);

            var cluster = await client.GetStringAsync("admin/cluster");
            Assert.Contains("href=\"/hangfire\"", cluster, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Dashboard_SignedInNonAdmin_Returns403()
    {
        var password = await app.CreateUserAsync("dashboard-scientist@test.local", "DataScientist");
        var (client, _) = await BrowserSession.SignInAsync(app, "dashboard-scientist@test.local", password);
        using (client)
        {
            using var refused = await client.GetAsync("hangfire");
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
            using var refusedPage = await client.GetAsync("hangfire/jobs/enqueued");
            Assert.Equal(HttpStatusCode.Forbidden, refusedPage.StatusCode);
        }
    }

    [Fact]
    public async Task Dashboard_AdminApiToken_Returns403_Anonymous_IsSentToSignIn()
    {
        using var token = app.CreateClient(await app.AdminTokenAsync());
        using (var refused = await token.GetAsync("hangfire"))
        {
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        }

        using var anonymous = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = app.BaseAddress };
        using var redirect = await anonymous.GetAsync("hangfire");
        Assert.Equal(HttpStatusCode.Redirect, redirect.StatusCode);
        Assert.Contains("/account/login", redirect.Headers.Location?.ToString(), StringComparison.Ordinal);
    }
}
