using System.Diagnostics;
using MlOpsPortal.Engines.Onnx;
using MlOpsPortal.TestSupport;

namespace MlOpsPortal.Web.Tests.Hosting;

/// <summary>`./mlops gpu-check` runs the portal's own build output with `gpu-check`: on a machine without CUDA it must
/// say so plainly (naming the missing libraries), still print the CPU figures, and exit non-zero.</summary>
public sealed class GpuCheckTests
{
    [Fact]
    public async Task GpuCheck_MachineWithoutCuda_PrintsCpuFiguresSaysWhyCudaIsMissingAndExits2()
    {
        var missing = CudaLibraries.Missing();
        var configuration = AppContext.BaseDirectory.Contains("/Debug/", StringComparison.Ordinal) ? "Debug" : "Release";
        var portal = Path.Combine(TestPaths.RepoRoot, "src", "MlOpsPortal.Web", "bin", configuration, "net10.0", "MlOpsPortal.Web.dll");
        var info = new ProcessStartInfo("dotnet") { WorkingDirectory = TestPaths.RepoRoot, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(portal);
        info.ArgumentList.Add("gpu-check");
        info.ArgumentList.Add("--quick");
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(8));
        await process.WaitForExitAsync(timeout.Token);
        var output = await stdout + await stderr;

        Assert.StartsWith("ONNX Runtime 1.32.0 (", output, StringComparison.Ordinal);
        Assert.Contains("scoring adult.test (16281 rows)", output, StringComparison.Ordinal);
        foreach (var batch in new[] { 1, 64, 4096 })
        {
            Assert.Matches($@"\| Cpu \| CPUExecutionProvider \| {batch} \| [0-9,]+ \|", output);
        }

        if (missing.Count == 0)
        {
            Assert.True(process.ExitCode is 0, output); // A GPU host: CUDA runs and agrees with the CPU.
            Assert.Contains("| Cuda | CUDAExecutionProvider | 4096 |", output, StringComparison.Ordinal);
            return;
        }

        Assert.True(process.ExitCode == 2, output);
        Assert.Contains("CUDA is not available on this machine", output, StringComparison.Ordinal);
        Assert.Contains("Why: CUDA execution provider was requested", output, StringComparison.Ordinal);
        Assert.Contains("not found on this machine: " + string.Join(", ", missing), output, StringComparison.Ordinal);
        Assert.Contains("gpu-check FAILED: CUDA not available (exit code 2).", output, StringComparison.Ordinal);
        Assert.DoesNotContain("| Cuda |", output, StringComparison.Ordinal);
    }
}
