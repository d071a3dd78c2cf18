using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using MlOpsPortal.TestSupport;
using MlOpsPortal.TestSupport.Web;

namespace MlOpsPortal.Web.Tests.Hosting;

/// <summary>
/// `./mlops publish DIR` makes a folder that runs the portal on its own: started from another working directory,
/// in Production, it serves the sign-in page with its scripts and styles, issues a token and finds its native engines.
/// </summary>
public sealed partial class PublishedPortalTests : IClassFixture<PublishedPortalTests.PublishedFolder>
{
    private readonly PublishedFolder _folder;

    public PublishedPortalTests(PublishedFolder folder) => _folder = folder;

    [Fact]
    public async Task PublishedFolder_StartedElsewhere_ServesSignInAssetsTokensAndEngines()
    {
        Assert.True(File.Exists(Path.Combine(_folder.Path, "appsettings.json")), "appsettings.json is not in the publish folder");
        // ONNX Runtime from its NuGet package: the CPU library and, in the output that ships only, the CUDA provider.
        var native = Path.Combine(_folder.Path, "runtimes", "linux-x64", "native");
        Assert.True(File.Exists(Path.Combine(native, "libonnxruntime.so")), "the ONNX Runtime library is not in the publish folder");
        Assert.True(File.Exists(Path.Combine(native, "libonnxruntime_providers_cuda.so")), "the ONNX Runtime CUDA provider is not in the publish folder");
        Assert.False(Directory.Exists(Path.Combine(_folder.Path, ".native")), "the publish folder still has the old .native copy of ONNX Runtime");
        foreach (var sample in new[] { "adult.data", "adult.test" })
        {
            // "Load the sample project" imports these from the content root, which is the publish folder here.
            Assert.True(File.Exists(Path.Combine(_folder.Path, "samples", "datasets", "adult", sample)), $"samples/datasets/adult/{sample} is not in the publish folder");
        }

        var port = FreePort();
        var dataDir = Directory.CreateTempSubdirectory("mlops-published-").FullName;
        using var portal = StartPublished(
            dataDir,
            ("ConnectionStrings__Portal", await PostgresServer.CreateDatabaseAsync("published")),
            ("MLOPS_DATA_DIR", dataDir),
            ("MLOPS_ADMIN_EMAIL", PortalApp.AdminEmail),
            ("MLOPS_ADMIN_PASSWORD", PortalApp.AdminPassword),
            ("Urls", $"http://127.0.0.1:{port}"));
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/") };
        await WaitLiveAsync(http, portal);

        var login = await http.GetStringAsync("account/login");
        Assert.Contains("Sign in", login, StringComparison.Ordinal);
        var assets = AssetReference().Matches(login).Select(m => m.Groups["url"].Value).Where(u => !u.StartsWith("http", StringComparison.Ordinal)).ToList();
        Assert.Contains(assets, a => a.Contains("blazor.web.js", StringComparison.Ordinal));
        foreach (var asset in assets)
        {
            using var response = await http.GetAsync(asset.TrimStart('/'));
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{asset}: {(int)response.StatusCode}");
        }

        using var tokenResponse = await http.PostAsJsonAsync("api/v1/auth/tokens", new { email = PortalApp.AdminEmail, password = PortalApp.AdminPassword, name = "published", scopes = new[] { "read" }, expiresInDays = 1 });
        Assert.Equal(HttpStatusCode.Created, tokenResponse.StatusCode);
        var token = (await tokenResponse.Content.ReadFromJsonAsync<TokenBody>())!.Token;
        using var me = new HttpRequestMessage(HttpMethod.Get, "api/v1/auth/me") { Headers = { { "Authorization", "Bearer " + token } } };
        using var meResponse = await http.SendAsync(me);
        Assert.Equal(HttpStatusCode.OK, meResponse.StatusCode);
        Assert.Contains(PortalApp.AdminEmail, await meResponse.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var ready = await http.GetAsync("health/ready");
        var readyBody = await ready.Content.ReadAsStringAsync();
        Assert.True(ready.StatusCode == HttpStatusCode.OK, readyBody);
        Assert.Contains("ONNX Runtime 1.32.0 (" + native, readyBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PublishedFolder_DataDirectoryThatCannotBeWritten_ExitsWithOneLineAndNoStackTrace()
    {
        using var portal = StartPublished(Path.GetTempPath(), ("MLOPS_DATA_DIR", "/proc/mlops-cannot-be-here"), ("Urls", $"http://127.0.0.1:{FreePort()}"));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await portal.Process.WaitForExitAsync(timeout.Token);
        var output = portal.Output.Trim();
        Assert.Equal(1, portal.Process.ExitCode);
        Assert.Single(output.Split('\n'));
        Assert.StartsWith("MlOpsPortal cannot start: The data directory /proc/mlops-cannot-be-here cannot be written", output, StringComparison.Ordinal);
        Assert.Contains("MLOPS_DATA_DIR", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PublishedFolder_CudaDemandedOnMachineWithoutCuda_ExitsWithOneLineNamingTheMissingLibraries()
    {
        if (MlOpsPortal.Engines.Onnx.CudaLibraries.Missing().Count == 0)
        {
            return; // A GPU host with CUDA 13 and cuDNN 9: the portal starts on CUDA.
        }

        using var portal = StartPublished(Path.GetTempPath(), ("OnnxRuntime__ExecutionProvider", "Cuda"), ("Urls", $"http://127.0.0.1:{FreePort()}"));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await portal.Process.WaitForExitAsync(timeout.Token);
        var output = portal.Output.Trim();

        Assert.Equal(1, portal.Process.ExitCode);
        Assert.Single(output.Split('\n'));
        Assert.StartsWith("MlOpsPortal cannot start: CUDA execution provider was requested (OnnxRuntime:ExecutionProvider=Cuda) but is unavailable", output, StringComparison.Ordinal);
        Assert.Contains("libcudart.so.13", output, StringComparison.Ordinal);
        Assert.Contains("cuDNN 9 (libcudnn.so.9)", output, StringComparison.Ordinal);

        // The publish folder carries the provider library itself: what is missing is the host's CUDA, not our file.
        Assert.DoesNotContain("libonnxruntime_providers_cuda.so is not in", output, StringComparison.Ordinal);
    }

    private RunningPortal StartPublished(string workingDirectory, params (string Name, string Value)[] environment)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(Path.Combine(_folder.Path, "MlOpsPortal.Web.dll"));
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        info.Environment["Logging__LogLevel__Default"] = "Warning";
        foreach (var (name, value) in environment)
        {
            info.Environment[name] = value;
        }

        return new RunningPortal(Process.Start(info) ?? throw new InvalidOperationException("dotnet did not start."));
    }

    private static async Task WaitLiveAsync(HttpClient http, RunningPortal portal)
    {
        var deadline = DateTime.UtcNow.AddSeconds(120);
        while (DateTime.UtcNow < deadline && !portal.Process.HasExited)
        {
            try
            {
                using var live = await http.GetAsync("health/live");
                if (live.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(250);
        }

        Assert.Fail("The published portal did not become live:\n" + portal.Output);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    [GeneratedRegex("""(?:src|href)="(?<url>[^"]+\.(?:js|css))""")]
    private static partial Regex AssetReference();

    private sealed record TokenBody(string Token);

    private sealed class RunningPortal : IDisposable
    {
        private readonly StringBuilder _output = new();

        public RunningPortal(Process process)
        {
            Process = process;
            process.OutputDataReceived += (_, e) => Append(e.Data);
            process.ErrorDataReceived += (_, e) => Append(e.Data);
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
        }

        public Process Process { get; }

        public string Output
        {
            get
            {
                lock (_output)
                {
                    return _output.ToString();
                }
            }
        }

        public void Dispose()
        {
            if (!Process.HasExited)
            {
                // SIGTERM-like stop is not available through Process; the private cluster is not used here.
                Process.Kill(entireProcessTree: true);
                Process.WaitForExit(10_000);
            }

            Process.Dispose();
        }

        private void Append(string? line)
        {
            if (line is not null)
            {
                lock (_output)
                {
                    _output.AppendLine(line);
                }
            }
        }
    }

    /// <summary>Runs the README's publish command once for the class (the tree is already built, so set-up is skipped).</summary>
    public sealed class PublishedFolder : IAsyncLifetime
    {
        public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "mlops-publish-" + Guid.NewGuid().ToString("N")[..12]);

        public async Task InitializeAsync()
        {
            var configuration = AppContext.BaseDirectory.Contains("/Debug/", StringComparison.Ordinal) ? "Debug" : "Release";
            var info = new ProcessStartInfo("bash") { WorkingDirectory = TestPaths.RepoRoot, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var arg in new[] { System.IO.Path.Combine(TestPaths.RepoRoot, "mlops"), "publish", Path })
            {
                info.ArgumentList.Add(arg);
            }

            info.Environment["MLOPS_SETUP_DONE"] = "1";
            info.Environment["MLOPS_BUILD_CONFIGURATION"] = configuration;
            using var process = Process.Start(info) ?? throw new InvalidOperationException("bash did not start.");
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            Assert.True(process.ExitCode == 0, $"./mlops publish failed ({process.ExitCode}):\n{await stdout}\n{await stderr}");
        }

        public Task DisposeAsync()
        {
            if (Directory.Exists(Path))
            {
                Directory.Delete(Path, recursive: true);
            }

            return Task.CompletedTask;
        }
    }
}
