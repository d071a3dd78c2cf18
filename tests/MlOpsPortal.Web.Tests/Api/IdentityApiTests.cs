using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using MlOpsPortal.Infrastructure.Persistence;
using MlOpsPortal.TestSupport.Web;
using Microsoft.EntityFrameworkCore;

namespace MlOpsPortal.Web.Tests.Api;

public sealed class IdentityApiTests(PortalApp app) : IClassFixture<PortalApp>
{
    [Fact]
    public async Task HealthReady_AnonymousRequest_Returns200WithEachCheck()
    {
        using var client = app.CreateClient();
        using var response = await client.GetAsync("health/ready");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("Healthy", doc.RootElement.GetProperty("status").GetString());
        var names = doc.RootElement.GetProperty("checks").EnumerateArray().Select(c => c.GetProperty("name").GetString()).ToList();
        Assert.Equal(["database", "scheduler", "artifacts", "onnxruntime", "xgboost"], names);
        var artifacts = doc.RootElement.GetProperty("checks").EnumerateArray().Single(c => c.GetProperty("name").GetString() == "artifacts");
        Assert.StartsWith("local store at ", artifacts.GetProperty("description").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AdminUsers_WithoutToken_Returns401ProblemDetails()
    {
        using var client = app.CreateClient();
        using var response = await client.GetAsync("api/v1/admin/users");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(401, doc.RootElement.GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task AdminUsers_ViewerToken_Returns403ProblemDetails()
    {
        var password = await app.CreateUserAsync("viewer1@test.local", "Viewer");
        using var client = app.CreateClient(await app.TokenAsync("viewer1@test.local", password, "read"));
        using var response = await client.GetAsync("api/v1/admin/users");
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task AdminCreateUser_ReadScopedAdminToken_Returns403()
    {
        using var client = app.CreateClient(await app.TokenAsync(PortalApp.AdminEmail, PortalApp.AdminPassword, "read"));
        using var response = await client.PostAsJsonAsync("api/v1/admin/users", new { email = "x@test.local", password = "Xx-passw0rd!", roles = new[] { "Viewer" } });
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task Token_StoredOnlyAsHash_AndRevokedTokenIsRejected()
    {
        var token = await app.AdminTokenAsync();
        using var client = app.CreateClient(token);
        var tokens = await client.GetFromJsonAsync<JsonElement>("api/v1/auth/tokens");
        var id = tokens.EnumerateArray().First(t => token.StartsWith(t.GetProperty("prefix").GetString()!, StringComparison.Ordinal)).GetProperty("id").GetGuid();

        await using (var db = await app.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync())
        {
            var row = await db.ApiTokens.SingleAsync(t => t.Id == id);
            Assert.Equal(32, row.SecretHash.Length);
            Assert.DoesNotContain(token, JsonSerializer.Serialize(row), StringComparison.Ordinal);
        }

        using (var revoke = await client.DeleteAsync($"api/v1/auth/tokens/{id}"))
        {
            Assert.Equal(HttpStatusCode.OK, revoke.StatusCode);
        }

        using var after = await client.GetAsync("api/v1/auth/me");
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
    }

    [Fact]
    public async Task CreateToken_FiveWrongPasswords_LocksAccountWithClearMessage()
    {
        var password = await app.CreateUserAsync("locked@test.local", "DataScientist");
        using var client = app.CreateClient();
        for (var i = 0; i < 5; i++)
        {
            using var wrong = await client.PostAsJsonAsync("api/v1/auth/tokens", new { email = "locked@test.local", password = "wrong-password" });
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        }

        using var right = await client.PostAsJsonAsync("api/v1/auth/tokens", new { email = "locked@test.local", password });
        Assert.Equal(HttpStatusCode.Unauthorized, right.StatusCode);
        Assert.Contains("locked after 5 failed sign-ins", await right.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateToken_InvalidScope_Returns400WithReason()
    {
        using var client = app.CreateClient();
        using var response = await client.PostAsJsonAsync("api/v1/auth/tokens", new { email = PortalApp.AdminEmail, password = PortalApp.AdminPassword, scopes = new[] { "root" } });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("Scopes must be", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
