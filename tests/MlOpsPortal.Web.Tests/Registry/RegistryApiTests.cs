using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using MlOpsPortal.Engines.Tests.Onnx;
using static MlOpsPortal.Web.Tests.Registry.RegistryTestKit;

namespace MlOpsPortal.Web.Tests.Registry;

public sealed class RegistryApiTests(RegistryPortalApp app) : IClassFixture<RegistryPortalApp>
{
    private readonly RegistryTestKit _kit = new(app);

    [Fact]
    public async Task UploadOnnx_ValidFile_IsReadyWithSignatureLineageAndDownloadableBytes()
    {
        using var ds = await _kit.UserAsync("ds-upload@test.local", "DataScientist");
        await CreateModelAsync(ds, "upload-model");
        var onnx = TestModels.Linear();
        using var response = await UploadAsync(ds, "upload-model", onnx, metrics: "{\"auc\":0.91}");
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var v = await JsonAsync(response);
        Assert.Equal("READY", v.GetProperty("status").GetString());
        Assert.Equal(1, v.GetProperty("version").GetInt32());
        Assert.Contains("\"X\"", v.GetProperty("signature").GetString(), StringComparison.Ordinal);
        Assert.Equal("run-abc", v.GetProperty("runId").GetString());
        Assert.Equal("adult", v.GetProperty("datasetVersions")[0].GetProperty("name").GetString());
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(onnx)), v.GetProperty("artifactSha256").GetString());

        var downloaded = await ds.GetByteArrayAsync("api/v1/models/upload-model/versions/1/download");
        Assert.Equal(onnx, downloaded);
    }

    [Fact]
    public async Task UploadOnnx_Garbage_RejectedWithOrtReason_VersionFailedAndNotPromotable()
    {
        using var ds = await _kit.UserAsync("ds-bad@test.local", "DataScientist");
        await CreateModelAsync(ds, "bad-model");
        using var response = await UploadAsync(ds, "bad-model", "this is not an onnx file"u8.ToArray());
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await JsonAsync(response);
        Assert.Contains("ONNX Runtime rejected the model", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Contains("FAILED_REGISTRATION", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);

        var version = await ds.GetFromJsonAsync<JsonElement>("api/v1/models/bad-model/versions/1");
        Assert.Equal("FAILED_REGISTRATION", version.GetProperty("status").GetString());
        using var request = await ds.PostAsJsonAsync("api/v1/models/bad-model/promotion-requests", new { version = 1, alias = "production", justification = "x" });
        Assert.Equal(HttpStatusCode.Conflict, request.StatusCode);
        Assert.Contains("FAILED_REGISTRATION", (await JsonAsync(request)).GetProperty("detail").GetString(), StringComparison.Ordinal);
        using var alias = await ds.PutAsJsonAsync("api/v1/models/bad-model/aliases/challenger", new { version = 1 });
        Assert.Equal(HttpStatusCode.Conflict, alias.StatusCode);
    }

    [Fact]
    public async Task Aliases_FreeSetByDataScientist_ProtectedRefused_BadNameRejected()
    {
        using var ds = await _kit.UserAsync("ds-alias@test.local", "DataScientist");
        await CreateModelAsync(ds, "alias-model");
        await UploadValidAsync(ds, "alias-model");
        using (var ok = await ds.PutAsJsonAsync("api/v1/models/alias-model/aliases/challenger", new { version = 1 }))
        {
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        }

        var resolved = await ds.GetFromJsonAsync<JsonElement>("api/v1/models/alias-model/aliases/challenger");
        Assert.Equal(1, resolved.GetProperty("version").GetInt32());
        using (var prot = await ds.PutAsJsonAsync("api/v1/models/alias-model/aliases/production", new { version = 1 }))
        {
            Assert.Equal(HttpStatusCode.Forbidden, prot.StatusCode);
            Assert.Contains("promotion request", (await JsonAsync(prot)).GetProperty("detail").GetString(), StringComparison.Ordinal);
        }

        using (var bad = await ds.PutAsJsonAsync("api/v1/models/alias-model/aliases/v2", new { version = 1 }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        }

        using var badChars = await ds.PutAsJsonAsync("api/v1/models/alias-model/aliases/a.b", new { version = 1 });
        Assert.Equal(HttpStatusCode.BadRequest, badChars.StatusCode);
    }

    [Fact]
    public async Task Promotion_FourEyesFlow_AliasMovesAndHistoryShowsWhoDidWhat()
    {
        using var ds = await _kit.UserAsync("ds-flow@test.local", "DataScientist", "Approver");
        using var approver = await _kit.UserAsync("approver-flow@test.local", "Approver");
        using var viewer = await _kit.UserAsync("viewer-flow@test.local", "Viewer");
        await CreateModelAsync(ds, "flow-model");
        var version = await UploadValidAsync(ds, "flow-model");
        await ApproveCardAsync(ds, approver, "flow-model", version);
        var id = await RequestAsync(ds, "flow-model", version);

        var request = await ds.GetFromJsonAsync<JsonElement>($"api/v1/promotion-requests/{id}");
        Assert.Equal(5, request.GetProperty("gates").GetArrayLength());
        Assert.Contains(request.GetProperty("gates").EnumerateArray(), g => g.GetProperty("gate").GetString() == "DataQuality");
        Assert.Contains(request.GetProperty("gates").EnumerateArray(), g => g.GetProperty("gate").GetString() == "Fairness" && g.GetProperty("outcome").GetString() == "NotConfigured");

        using (var self = await ds.PostAsJsonAsync($"api/v1/promotion-requests/{id}/approve", new { comment = "looks good to me" }))
        {
            Assert.Equal(HttpStatusCode.Forbidden, self.StatusCode);
            Assert.Contains("Four-eyes rule: you requested this promotion", (await JsonAsync(self)).GetProperty("detail").GetString(), StringComparison.Ordinal);
        }

        using (var asViewer = await viewer.PostAsJsonAsync($"api/v1/promotion-requests/{id}/approve", new { comment = "sure" }))
        {
            Assert.Equal(HttpStatusCode.Forbidden, asViewer.StatusCode);
        }

        using (var noComment = await approver.PostAsJsonAsync($"api/v1/promotion-requests/{id}/approve", new { comment = " " }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, noComment.StatusCode);
        }

        var inbox = await approver.GetFromJsonAsync<JsonElement>("api/v1/promotion-requests/inbox");
        Assert.Contains(inbox.EnumerateArray(), r => r.GetProperty("id").GetGuid() == id);

        using (var ok = await approver.PostAsJsonAsync($"api/v1/promotion-requests/{id}/approve", new { comment = "Holdout AUC verified." }))
        {
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
            Assert.Equal("Approved", (await JsonAsync(ok)).GetProperty("state").GetString());
        }

        var alias = await ds.GetFromJsonAsync<JsonElement>("api/v1/models/flow-model/aliases/production");
        Assert.Equal(version, alias.GetProperty("version").GetInt32());
        using (var again = await approver.PostAsJsonAsync($"api/v1/promotion-requests/{id}/reject", new { comment = "changed my mind" }))
        {
            Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        }

        var history = await ds.GetFromJsonAsync<JsonElement>("api/v1/models/flow-model/history");
        var moved = history.EnumerateArray().Single(h => h.GetProperty("kind").GetString() == "alias.moved");
        Assert.Equal("approver-flow@test.local", moved.GetProperty("actor").GetString());
        Assert.Equal(id, moved.GetProperty("requestId").GetGuid());
        Assert.Contains(history.EnumerateArray(), h => h.GetProperty("kind").GetString() == "promotion_request.created" && h.GetProperty("actor").GetString() == "ds-flow@test.local");

        var csv = await ds.GetStringAsync("api/v1/models/flow-model/history.csv");
        Assert.StartsWith("id,at,actor,kind", csv, StringComparison.Ordinal);
        Assert.Contains("Holdout AUC verified.", csv, StringComparison.Ordinal);

        var notifications = await ds.GetFromJsonAsync<JsonElement>("api/v1/notifications");
        Assert.Contains(notifications.EnumerateArray(), n => n.GetProperty("kind").GetString() == "promotion_request.approved");
        using var admin = app.CreateClient(await app.AdminTokenAsync());
        var audit = await admin.GetFromJsonAsync<JsonElement>("api/v1/audit?action=alias.moved&entityId=flow-model@production");
        Assert.Single(audit.EnumerateArray());
    }

    [Fact]
    public async Task Promotion_BlockingCardGate_RefusesApprovalUntilCardApproved()
    {
        using var ds = await _kit.UserAsync("ds-gate@test.local", "DataScientist");
        using var approver = await _kit.UserAsync("approver-gate@test.local", "Approver");
        await CreateModelAsync(ds, "gate-model");
        var version = await UploadValidAsync(ds, "gate-model");
        var id = await RequestAsync(ds, "gate-model", version, "staging");
        using var refused = await approver.PostAsJsonAsync($"api/v1/promotion-requests/{id}/approve", new { comment = "ok" });
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Contains("ModelCard", (await JsonAsync(refused)).GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Promotion_MetricThresholdGate_ComparesAgainstAliasHolder()
    {
        using var ds = await _kit.UserAsync("ds-metric@test.local", "DataScientist");
        using var approver = await _kit.UserAsync("approver-metric@test.local", "Approver");
        using var admin = app.CreateClient(await app.AdminTokenAsync());
        await CreateModelAsync(ds, "metric-model");
        var v1 = await UploadValidAsync(ds, "metric-model", "{\"auc\":0.85}");
        var v2 = await UploadValidAsync(ds, "metric-model", "{\"auc\":0.855}");
        using (var rollback = await admin.PostAsJsonAsync("api/v1/models/metric-model/aliases/production/emergency-rollback", new { version = v1, reason = "seed the incumbent" }))
        {
            Assert.Equal(HttpStatusCode.OK, rollback.StatusCode);
        }

        using (var policy = await admin.PutAsJsonAsync("api/v1/models/metric-model/policy", new
        {
            requiredApprovals = 1,
            blockingGates = new[] { "MetricThresholds" },
            metricThresholds = new[] { new { metric = "auc", minAbsoluteChange = 0.01 } },
        }))
        {
            Assert.Equal(HttpStatusCode.OK, policy.StatusCode);
        }

        var id = await RequestAsync(ds, "metric-model", v2);
        var request = await ds.GetFromJsonAsync<JsonElement>($"api/v1/promotion-requests/{id}");
        var gate = request.GetProperty("gates").EnumerateArray().Single(g => g.GetProperty("gate").GetString() == "MetricThresholds");
        Assert.Equal("Failed", gate.GetProperty("outcome").GetString());
        Assert.Contains("version 1", gate.GetProperty("summary").GetString(), StringComparison.Ordinal);
        using var refused = await approver.PostAsJsonAsync($"api/v1/promotion-requests/{id}/approve", new { comment = "ok" });
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);

        var audit = await admin.GetFromJsonAsync<JsonElement>("api/v1/audit?action=alias.emergency_rollback&entityId=metric-model@production");
        Assert.Single(audit.EnumerateArray());
    }
}
