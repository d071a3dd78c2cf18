using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using static MlOpsPortal.Web.Tests.Registry.RegistryTestKit;

namespace MlOpsPortal.Web.Tests.Registry;

/// <summary>The server refuses an approval while a blocking gate fails, whatever the page showed (issue 18).</summary>
public sealed class ApprovalGateRefusalTests(RegistryPortalApp app) : IClassFixture<RegistryPortalApp>
{
    private readonly RegistryTestKit _kit = new(app);

    [Fact]
    public async Task Approve_BlockingGateFails_Answers409ProblemNamingGate_RequestStaysOpenAndAliasUnmoved()
    {
        using var ds = await _kit.UserAsync("ds-refuse@test.local", "DataScientist");
        using var approver = await _kit.UserAsync("approver-refuse@test.local", "Approver");
        await CreateModelAsync(ds, "refuse-model");
        var version = await UploadValidAsync(ds, "refuse-model");
        var id = await RequestAsync(ds, "refuse-model", version);

        // The default policy blocks on the model card, which is still a draft.
        using var refused = await approver.PostAsJsonAsync($"api/v1/promotion-requests/{id}/approve", new { comment = "looks fine" });
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        var problem = await JsonAsync(refused);
        Assert.Equal(409, problem.GetProperty("status").GetInt32());
        Assert.Contains("blocking gates do not pass", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var gate = Assert.Single(problem.GetProperty("errors").GetProperty("gates").EnumerateArray()).GetString();
        Assert.StartsWith("ModelCard: Failed", gate, StringComparison.Ordinal);

        var request = await approver.GetFromJsonAsync<JsonElement>($"api/v1/promotion-requests/{id}");
        Assert.Equal("Open", request.GetProperty("state").GetString());
        Assert.Equal(0, request.GetProperty("approvals").GetInt32());
        Assert.Empty(request.GetProperty("decisions").EnumerateArray());
        using (var alias = await ds.GetAsync("api/v1/models/refuse-model/aliases/production"))
        {
            Assert.Equal(HttpStatusCode.NotFound, alias.StatusCode);
        }

        // Once the card is approved the same approval goes through and the alias moves.
        await ApproveCardAsync(ds, approver, "refuse-model", version);
        using var approved = await approver.PostAsJsonAsync($"api/v1/promotion-requests/{id}/approve", new { comment = "card approved now" });
        Assert.Equal(HttpStatusCode.OK, approved.StatusCode);
        Assert.Equal("Approved", (await JsonAsync(approved)).GetProperty("state").GetString());
        var moved = await ds.GetFromJsonAsync<JsonElement>("api/v1/models/refuse-model/aliases/production");
        Assert.Equal(version, moved.GetProperty("version").GetInt32());
    }
}
