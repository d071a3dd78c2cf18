using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MlOpsPortal.TestSupport.Web;
using MlOpsPortal.Web.Tests.Registry;

namespace MlOpsPortal.Web.Tests.Security;

/// <summary>The portal as shipped: webhooks to internal addresses are refused (no Webhooks:AllowPrivateNetworks).</summary>
public sealed class DefaultSettingsPortalApp : PortalApp
{
    protected override IEnumerable<string> ExtraArgs => ["--Webhooks:AllowPrivateNetworks=false"];
}

public sealed class InputValidationTests(DefaultSettingsPortalApp app) : IClassFixture<DefaultSettingsPortalApp>
{
    [Theory]
    [InlineData("http://127.0.0.1:9/hook")]
    [InlineData("http://localhost:8080/hook")]
    [InlineData("http://169.254.169.254/latest/meta-data/")]
    [InlineData("http://10.1.2.3/hook")]
    [InlineData("http://192.168.1.10/hook")]
    [InlineData("http://172.20.0.5/hook")]
    [InlineData("http://[::1]:9/hook")]
    [InlineData("http://[fd00::1]/hook")]
    [InlineData("http://[::ffff:127.0.0.1]/hook")]
    [InlineData("http://0.0.0.0:9/hook")]
    public async Task CreateWebhook_InternalTarget_Returns400NamingTheUrl(string url)
    {
        using var admin = app.CreateClient(await app.AdminTokenAsync());
        using var response = await admin.PostAsJsonAsync("api/v1/admin/webhooks", new { name = "internal", url, events = new[] { "alias.moved" } });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var detail = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString()!;
        Assert.Contains("Webhook URL '", detail, StringComparison.Ordinal);
        Assert.Contains("Webhooks:AllowPrivateNetworks", detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateWebhook_PublicAddress_IsAccepted()
    {
        using var admin = app.CreateClient(await app.AdminTokenAsync());
        using var response = await admin.PostAsJsonAsync("api/v1/admin/webhooks", new { name = "public", url = "https://203.0.113.7/hook", events = new[] { "alias.moved" } });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Fact]
    public async Task SetAlias_CyrillicLookAlikeOfProduction_Returns400NamingTheAlias()
    {
        using var admin = app.CreateClient(await app.AdminTokenAsync());
        await RegistryTestKit.CreateModelAsync(admin, "homoglyph-model");
        await RegistryTestKit.UploadValidAsync(admin, "homoglyph-model");
        const string lookAlike = "\u0440r\u043Educti\u043En"; // Cyrillic er and o
        using var response = await admin.PutAsJsonAsync($"api/v1/models/homoglyph-model/aliases/{Uri.EscapeDataString(lookAlike)}", new { version = 1 });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var detail = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString()!;
        Assert.Contains(lookAlike, detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SetJobLimit_UnknownKind_Returns400NamingTheKind()
    {
        using var admin = app.CreateClient(await app.AdminTokenAsync());
        using var response = await admin.PutAsJsonAsync("api/v1/admin/job-limits/no-such-kind", new { maxPerNode = 2 });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var detail = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString()!;
        Assert.Contains("'no-such-kind'", detail, StringComparison.Ordinal);
        Assert.Contains("training", detail, StringComparison.Ordinal);

        using var known = await admin.PutAsJsonAsync("api/v1/admin/job-limits/evaluation", new { maxPerNode = 2 });
        Assert.Equal(HttpStatusCode.OK, known.StatusCode);
        var limits = await admin.GetFromJsonAsync<JsonElement>("api/v1/admin/job-limits");
        Assert.DoesNotContain(limits.EnumerateArray(), l => l.GetProperty("kind").GetString() == "no-such-kind");
    }

    [Fact]
    public async Task AuditCsvExport_FormulaPlantedAsSignInEmail_IsNeutralized()
    {
        const string formula = "=HYPERLINK(\"http://evil.example/\",\"open\")";
        using (var anonymous = app.CreateClient())
        using (await anonymous.PostAsJsonAsync("api/v1/auth/tokens", new { email = formula, password = "nope" }))
        {
        }

        using var admin = app.CreateClient(await app.AdminTokenAsync());
        var csv = await admin.GetStringAsync("api/v1/audit/export.csv?action=auth.sign_in_failed");
        var line = Assert.Single(csv.Split('\n'), l => l.Contains("HYPERLINK", StringComparison.Ordinal));
        Assert.Contains("\"'=HYPERLINK(", line, StringComparison.Ordinal);
        Assert.DoesNotContain(",=", line, StringComparison.Ordinal);
        Assert.DoesNotContain(",\"=", line, StringComparison.Ordinal);
    }
}
