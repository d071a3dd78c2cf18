using MlOpsPortal.Engines.Onnx;
using Xunit;

namespace MlOpsPortal.Engines.Tests.Onnx;

/// <summary>The lean build (Directory.Build.targets): test outputs get ONNX Runtime's CPU library from the NuGet
/// package but not its 289 MB CUDA provider, which only the portal's output carries.</summary>
public sealed class OnnxRuntimeOutputTests
{
    [Fact]
    public void TestOutput_OnnxRuntimePackage_HasCpuLibraryButNotTheCudaProvider()
    {
        var native = Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native");
        var deps = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "MlOpsPortal.Engines.Tests.deps.json"));

        Assert.True(File.Exists(Path.Combine(native, "libonnxruntime.so")));
        Assert.True(File.Exists(Path.Combine(native, "libonnxruntime_providers_shared.so")));
        Assert.False(File.Exists(Path.Combine(native, CudaLibraries.ProviderLibrary)), "the 289 MB CUDA provider must stay out of test outputs");
        Assert.DoesNotContain(CudaLibraries.ProviderLibrary, deps, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(AppContext.BaseDirectory, ".native")));
    }
}
