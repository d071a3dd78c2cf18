using System.Net;
using System.Net.Http.Json;
using MlOpsPortal.TestSupport.Web;

namespace MlOpsPortal.Web.Tests.Jobs;

public sealed class ClusterPageTests(PortalApp app) : IClassFixture<PortalApp>
{
    [Fact]
    public async Task AdminClusterPage_ShowsThisNodeAndTheLimits_ViewerIsRefused()
    {
        using var admin = app.CreateClient(await app.AdminTokenAsync());
        using (var set = await admin.PutAsJsonAsync("api/v1/admin/job-limits/evaluation", new { maxPerNode = 3 }))
        {
            Assert.Equal(HttpStatusCode.OK, set.StatusCode);
        }

        var page = await admin.GetStringAsync("admin/cluster");
        Assert.Contains("id=\"cluster-nodes\"", page, StringComparison.Ordinal);
        Assert.Contains("data-node=", page, StringComparison.Ordinal);
        Assert.Contains("data-kind=\"training\"", page, StringComparison.Ordinal);
        Assert.Contains("data-kind=\"evaluation\"", page, StringComparison.Ordinal);

        var password = await app.CreateUserAsync("cluster-viewer@test.local", "Viewer");
        using var viewer = app.CreateClient(await app.TokenAsync("cluster-viewer@test.local", password, "read"));
        using var refused = await viewer.GetAsync("admin/cluster");
        Assert.DoesNotContain("id=\"cluster-nodes\"", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
