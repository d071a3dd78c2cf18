using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using MlOpsPortal.Web.Hosting;
using Xunit;

namespace MlOpsPortal.TestSupport.Web;

/// <summary>
/// The real portal, started in-process on 127.0.0.1 (a free port) against its own fresh database on the
/// test run's PostgreSQL server, with its own data directory. Shared by the tests of one class (IClassFixture).
/// </summary>
public class PortalApp : IAsyncLifetime
{
    public const string AdminEmail = "admin@test.local";
    public const string AdminPassword = "Admin-Passw0rd!";

    private WebApplication? _app;
    private string? _dataDir;

    public Uri BaseAddress { get; private set; } = new("http://127.0.0.1/");

    public IServiceProvider Services => _app?.Services ?? throw new InvalidOperationException("Portal not started.");

    public string ConnectionString { get; private set; } = string.Empty;

    /// <summary>The portal's data directory (artifact store); other portal processes of a cluster test share it.</summary>
    public string DataDirectory => _dataDir ?? throw new InvalidOperationException("Portal not started.");

    /// <summary>Extra configuration for a derived fixture (key=value pairs passed as command-line arguments).</summary>
    protected virtual IEnumerable<string> ExtraArgs => [];

    /// <summary>Extra services for a derived fixture (e.g. a test job handler), applied before the portal's own.</summary>
    protected virtual void Configure(WebApplicationBuilder builder)
    {
    }

    public virtual async Task InitializeAsync()
    {
        ConnectionString = await PostgresServer.CreateDatabaseAsync("portal");
        _dataDir = Path.Combine(Path.GetTempPath(), "mlops-app-" + Guid.NewGuid().ToString("N"));
        string[] args =
        [
            $"--ConnectionStrings:Portal={ConnectionString}",
            $"--MLOPS_DATA_DIR={_dataDir}",
            $"--MLOPS_ADMIN_EMAIL={AdminEmail}",
            $"--MLOPS_ADMIN_PASSWORD={AdminPassword}",
            "--Urls=http://127.0.0.1:0",
            "--Logging:LogLevel:Default=Warning",
            // Every test signs in from 127.0.0.1; the per-address sign-in throttle has its own tests.
            "--Security:SignIn:PermitLimit=1000000",
            // Test webhook receivers listen on 127.0.0.1; the refusal of private targets has its own tests.
            "--Webhooks:AllowPrivateNetworks=true",
            .. ExtraArgs,
        ];
        _app = await PortalHost.BuildAsync(args, Configure);
        await _app.StartAsync();
        var address = _app.Services.GetService(typeof(IServer)) is IServer server
            ? server.Features.Get<IServerAddressesFeature>()!.Addresses.First()
            : throw new InvalidOperationException("No server.");
        BaseAddress = new Uri(address.TrimEnd('/') + "/");
    }

    public virtual async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        if (_dataDir is not null && Directory.Exists(_dataDir))
        {
            Directory.Delete(_dataDir, recursive: true);
        }
    }

    public HttpClient CreateClient(string? bearerToken = null)
    {
        var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = BaseAddress };
        if (bearerToken is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", bearerToken);
        }

        return client;
    }

    /// <summary>Creates a personal access token for the given user through the public REST API.</summary>
    public async Task<string> TokenAsync(string email, string password, params string[] scopes)
    {
        using var client = CreateClient();
        using var response = await client.PostAsJsonAsync("api/v1/auth/tokens", new { email, password, name = "test", scopes, expiresInDays = 1 });
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<TokenBody>();
        return body!.Token;
    }

    public Task<string> AdminTokenAsync() => TokenAsync(AdminEmail, AdminPassword, "read", "write", "score");

    /// <summary>Creates a user with the given roles through the Admin API and returns its password.</summary>
    public async Task<string> CreateUserAsync(string email, params string[] roles)
    {
        const string password = "User-Passw0rd!";
        using var client = CreateClient(await AdminTokenAsync());
        using var response = await client.PostAsJsonAsync("api/v1/admin/users", new { email, password, roles });
        response.EnsureSuccessStatusCode();
        return password;
    }

    private sealed record TokenBody(string Token);
}
