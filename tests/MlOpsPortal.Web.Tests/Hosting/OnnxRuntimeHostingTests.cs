using System.Net;
using System.Text.Json;
using MlOpsPortal.Engines.Onnx;
using MlOpsPortal.Infrastructure.Hosting;
using MlOpsPortal.TestSupport.Web;
using MlOpsPortal.Web.Hosting;

namespace MlOpsPortal.Web.Tests.Hosting;

/// <summary>ONNX Runtime from its NuGet package in the portal: the CPU fallback is visible in /health/ready, and a
/// demanded CUDA provider that this machine cannot load (no CUDA 13 / cuDNN 9 here) stops the start.</summary>
public sealed class OnnxRuntimeHostingTests(PortalApp app) : IClassFixture<PortalApp>
{
    [Fact]
    public async Task HealthReady_AutoProviderWithoutCuda_ReportsCpuFallbackAndMissingLibraries()
    {
        using var client = app.CreateClient();
        using var response = await client.GetAsync("health/ready");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var ort = doc.RootElement.GetProperty("checks").EnumerateArray().Single(c => c.GetProperty("name").GetString() == "onnxruntime");
        var description = ort.GetProperty("description").GetString()!;

        Assert.Equal("Healthy", ort.GetProperty("status").GetString());
        Assert.StartsWith("ONNX Runtime 1.32.0 (", description, StringComparison.Ordinal);
        Assert.EndsWith("/runtimes/linux-x64/native/libonnxruntime.so", ort.GetProperty("data").GetProperty("libraryPath").GetString(), StringComparison.Ordinal);
        if (CudaLibraries.Missing().Count == 0)
        {
            return; // A GPU host: Auto may pick CUDA.
        }

        Assert.Equal("CPUExecutionProvider", ort.GetProperty("data").GetProperty("provider").GetString());
        Assert.Contains("provider CPUExecutionProvider; CUDA unavailable: ", description, StringComparison.Ordinal);
        Assert.Contains("CUDA 13", description, StringComparison.Ordinal);
        Assert.Contains("cuDNN 9", ort.GetProperty("data").GetProperty("cudaUnavailableReason").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task BuildAsync_CudaDemandedWithoutCuda_FailsBeforeStartingNamingCuda13AndCuDnn9Libraries()
    {
        var missing = CudaLibraries.Missing();
        if (missing.Count == 0)
        {
            return; // A GPU host: nothing to refuse.
        }

        var ex = await Assert.ThrowsAsync<PortalStartupException>(() => PortalHost.BuildAsync(["--OnnxRuntime:ExecutionProvider=Cuda"]));

        Assert.StartsWith("CUDA execution provider was requested (OnnxRuntime:ExecutionProvider=Cuda) but is unavailable", ex.Message, StringComparison.Ordinal);
        Assert.Contains("CUDA 13", ex.Message, StringComparison.Ordinal);
        Assert.Contains("cuDNN 9 (libcudnn.so.9)", ex.Message, StringComparison.Ordinal);
        Assert.Contains("not found on this machine: " + string.Join(", ", missing), ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', ex.Message);
    }
}
