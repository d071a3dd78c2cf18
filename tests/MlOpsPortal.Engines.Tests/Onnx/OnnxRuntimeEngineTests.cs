using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using MlOpsPortal.Engines.Onnx;
using Xunit;

namespace MlOpsPortal.Engines.Tests.Onnx;

[Collection(OnnxRuntimeTestGroup.Name)]
public sealed class OnnxRuntimeEngineTests
{
    [Fact]
    public void TryLoad_NuGetPackage_ReportsVersionLibraryInOutputFolderAndCpuProvider()
    {
        var status = OnnxRuntimeEngine.TryLoad(new OnnxRuntimeOptions { ExecutionProvider = ExecutionProvider.Cpu });

        Assert.True(status.Ok, status.Error);
        Assert.Equal("1.32.0", status.Version);
        Assert.Equal(Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native", "libonnxruntime.so"), status.LibraryPath);
        Assert.Equal(OnnxRuntimeEngine.CpuProvider, status.ActiveProvider);
        Assert.Contains("CPUExecutionProvider", status.AvailableProviders);
        Assert.Contains("CUDAExecutionProvider", status.AvailableProviders);
    }

    [Fact]
    public async Task HealthCheck_InstalledLibrary_HealthyWithVersionAndProvider()
    {
        var check = new OnnxRuntimeHealthCheck(Options.Create(new OnnxRuntimeOptions()));

        var result = await check.CheckHealthAsync(new HealthCheckContext(), CancellationToken.None);

        Assert.Equal(HealthStatus.Healthy, result.Status);
        Assert.Contains("ONNX Runtime 1.32.0", result.Description, StringComparison.Ordinal);
        Assert.Contains("ExecutionProvider", (string)result.Data["provider"], StringComparison.Ordinal);
    }

    [Fact]
    public void CreateSession_CorruptModel_ThrowsOurExceptionWithOrtCodeAndMessageWithoutPrefix()
    {
        var ex = Assert.Throws<OnnxRuntimeException>(() => OnnxTestSupport.Session([1, 2, 3, 4, 5]));

        Assert.NotEqual(OrtErrorCode.Fail, ex.ErrorCode);
        Assert.StartsWith("ONNX Runtime could not load the model: ", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("[ErrorCode:", ex.Message, StringComparison.Ordinal);
        Assert.IsType<Microsoft.ML.OnnxRuntime.OnnxRuntimeException>(ex.InnerException);
    }

    [Fact]
    public void CreateSession_AutoOnMachineWithoutCudaLibraries_FallsBackToCpuAndLogsOnce()
    {
        var engine = OnnxTestSupport.Engine;
        if (CudaUsable())
        {
            // A GPU machine with the CUDA provider installed: auto must pick CUDA.
            using var gpu = engine.CreateSession(TestModels.Linear(), new OnnxRuntimeOptions());
            Assert.Equal(OnnxRuntimeEngine.CudaProvider, gpu.ExecutionProvider);
            return;
        }

        var logger = new ListLogger();
        engine.ResetCudaProbe(logger);
        var options = new OnnxRuntimeOptions { ExecutionProvider = ExecutionProvider.Auto, IntraOpThreads = 1 };

        using var first = engine.CreateSession(TestModels.Linear(), options);
        using var second = engine.CreateSession(TestModels.Linear(), options);
        var status = OnnxRuntimeEngine.TryLoad(options);

        Assert.Equal(OnnxRuntimeEngine.CpuProvider, first.ExecutionProvider);
        Assert.Equal(OnnxRuntimeEngine.CpuProvider, second.ExecutionProvider);
        Assert.Equal(OnnxRuntimeEngine.CpuProvider, status.ActiveProvider);
        Assert.NotNull(status.CudaUnavailableReason);
        Assert.Contains("CUDA 13", status.CudaUnavailableReason, StringComparison.Ordinal);
        var warning = Assert.Single(logger.Entries, e => e.Level == LogLevel.Warning);
        Assert.Contains(status.CudaUnavailableReason, warning.Message, StringComparison.Ordinal);
        Assert.Equal(1.5f, first.Run([OnnxTensorInput.FromFloats("X", new[] { 1f, 0, 0 }, 1, 3)])["Y"].AsFloats()[0]);
        engine.ResetCudaProbe(NullLogger.Instance);
    }

    [Fact]
    public void CreateSession_CudaRequested_UsesCudaOrFailsClearly()
    {
        var engine = OnnxTestSupport.Engine;
        var options = new OnnxRuntimeOptions { ExecutionProvider = ExecutionProvider.Cuda };

        if (CudaUsable())
        {
            using var session = engine.CreateSession(TestModels.Linear(), options);
            Assert.Equal(OnnxRuntimeEngine.CudaProvider, session.ExecutionProvider);
            Assert.Equal(1.5f, session.Run([OnnxTensorInput.FromFloats("X", new[] { 1f, 0, 0 }, 1, 3)])["Y"].AsFloats()[0]);
            return;
        }

        var ex = Assert.Throws<OnnxRuntimeException>(() => engine.CreateSession(TestModels.Linear(), options));
        Assert.Equal(OrtErrorCode.EpFail, ex.ErrorCode);
        Assert.Contains("CUDA execution provider was requested", ex.Message, StringComparison.Ordinal);
        Assert.Contains("CUDA 13", ex.Message, StringComparison.Ordinal);
        Assert.Contains("cuDNN 9", ex.Message, StringComparison.Ordinal);
        foreach (var missing in CudaLibraries.Missing())
        {
            Assert.Contains(missing, ex.Message, StringComparison.Ordinal); // e.g. "not found on this machine: libcudart.so.13, ..."
        }

        Assert.Contains(CudaLibraries.ProviderLibrary + " is not in", ex.Message, StringComparison.Ordinal);
        var status = OnnxRuntimeEngine.TryLoad(options);
        Assert.False(status.Ok);
        Assert.Contains("cuDNN 9", status.Error, StringComparison.Ordinal);
    }

    private static bool CudaUsable()
    {
        try
        {
            return OnnxTestSupport.Engine.ProbeExecutionProvider(ExecutionProvider.Cuda) == OnnxRuntimeEngine.CudaProvider;
        }
        catch (OnnxRuntimeException)
        {
            return false;
        }
    }

    private sealed class ListLogger : ILogger
    {
        public List<(LogLevel Level, string Message)> Entries { get; } = [];

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (Entries)
            {
                Entries.Add((logLevel, formatter(state, exception)));
            }
        }
    }
}
