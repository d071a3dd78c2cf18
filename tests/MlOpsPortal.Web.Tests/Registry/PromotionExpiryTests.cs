using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using MlOpsPortal.TestSupport.Web;
using static MlOpsPortal.Web.Tests.Registry.RegistryTestKit;

namespace MlOpsPortal.Web.Tests.Registry;

/// <summary>Promotion request expiry, on a portal whose clock the test moves forward instead of sleeping.</summary>
public sealed class PromotionExpiryTests(ClockPortalApp app) : IClassFixture<ClockPortalApp>
{
    private readonly RegistryTestKit _kit = new(app);

    [Fact]
    public async Task Approve_ExpiredRequest_IsConflictAndRequestExpires()
    {
        using var ds = await _kit.UserAsync("ds-expire@test.local", "DataScientist");
        using var approver = await _kit.UserAsync("approver-expire@test.local", "Approver");
        using var admin = app.CreateClient(await app.AdminTokenAsync());
        await CreateModelAsync(ds, "expire-model");
        var version = await UploadValidAsync(ds, "expire-model");
        using (await admin.PutAsJsonAsync("api/v1/models/expire-model/policy", new { requiredApprovals = 1, blockingGates = Array.Empty<string>(), expiryHours = 1.0 }))
        {
        }

        var id = await RequestAsync(ds, "expire-model", version);
        app.Clock.Advance(TimeSpan.FromHours(1.5));
        using var late = await approver.PostAsJsonAsync($"api/v1/promotion-requests/{id}/approve", new { comment = "too late" });
        Assert.Equal(HttpStatusCode.Conflict, late.StatusCode);
        Assert.Contains("expired", (await JsonAsync(late)).GetProperty("detail").GetString(), StringComparison.Ordinal);
        var request = await ds.GetFromJsonAsync<JsonElement>($"api/v1/promotion-requests/{id}");
        Assert.Equal("Expired", request.GetProperty("state").GetString());
        using var noAlias = await ds.GetAsync("api/v1/models/expire-model/aliases/production");
        Assert.Equal(HttpStatusCode.NotFound, noAlias.StatusCode);
    }
}

/// <summary>The portal with a clock that runs with the system's and that a test can move forward.</summary>
public sealed class ClockPortalApp : PortalApp
{
    public ShiftedClock Clock { get; } = new();

    protected override void Configure(WebApplicationBuilder builder) => builder.Services.AddSingleton<TimeProvider>(Clock);
}

public sealed class ShiftedClock : TimeProvider
{
    private long _offsetTicks;

    public void Advance(TimeSpan by) => Interlocked.Add(ref _offsetTicks, by.Ticks);

    public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + TimeSpan.FromTicks(Interlocked.Read(ref _offsetTicks));
}
