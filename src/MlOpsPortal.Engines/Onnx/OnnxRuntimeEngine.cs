using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.ML.OnnxRuntime;
using Ort = Microsoft.ML.OnnxRuntime;

namespace MlOpsPortal.Engines.Onnx;

/// <summary>
/// The process-wide ONNX Runtime through its official managed API (NuGet <c>Microsoft.ML.OnnxRuntime.Managed</c> with
/// the native libraries of <c>Microsoft.ML.OnnxRuntime.Gpu.Linux</c>): the one <see cref="OrtEnv"/>, created before any
/// other ORT call and kept for the process lifetime, with ORT's own log routed to the portal's logger. Creates
/// <see cref="OnnxModelSession"/>s with the configured execution provider.
/// </summary>
/// <remarks>Thread-safety: all members are safe to call concurrently.</remarks>
public sealed partial class OnnxRuntimeEngine
{
    public const string CpuProvider = "CPUExecutionProvider";
    public const string CudaProvider = "CUDAExecutionProvider";

    private static readonly Lock Gate = new();
    private static OnnxRuntimeEngine? s_current;

    // ORT calls this delegate from native code for the process lifetime: it must never be collected.
    private static readonly DOrtLoggingFunction LogSink = ForwardOrtLog;

    private static Action<string>? s_logTap;

    private ILogger _logger;
    private string? _cudaUnavailableReason;

    private OnnxRuntimeEngine(OrtEnv env, ILogger logger)
    {
        Env = env;
        Version = env.GetVersionString();
        AvailableProviders = env.GetAvailableProviders();
        LibraryPath = LoadedLibraryPath() ?? "libonnxruntime.so";
        _logger = logger;
    }

    /// <summary>The engine loaded in this process, or null.</summary>
    public static OnnxRuntimeEngine? Current => Volatile.Read(ref s_current);

    /// <summary>Where <c>libonnxruntime.so</c> was loaded from (the NuGet package's native asset in the output folder).</summary>
    public string LibraryPath { get; }

    /// <summary>ORT's version string, e.g. "1.32.0".</summary>
    public string Version { get; }

    /// <summary>Providers compiled into this build (not necessarily usable: CUDA also needs CUDA 13 and cuDNN 9).</summary>
    public IReadOnlyList<string> AvailableProviders { get; }

    /// <summary>Why CUDA was unusable the first time <see cref="ExecutionProvider.Auto"/> tried it; null when it
    /// has not failed (or was never tried).</summary>
    public string? CudaUnavailableReason => Volatile.Read(ref _cudaUnavailableReason);

    internal OrtEnv Env { get; }

    /// <summary>Creates the environment (once per process), or returns the loaded engine.</summary>
    /// <exception cref="NativeLibraryMissingException">The native library of the NuGet package is missing or cannot be loaded.</exception>
    public static OnnxRuntimeEngine Load(ILogger? logger = null)
    {
        lock (Gate)
        {
            if (s_current is { } current)
            {
                if (logger is not null && ReferenceEquals(current._logger, NullLogger.Instance))
                {
                    current._logger = logger;
                }

                return current;
            }

            OrtEnv env;
            try
            {
                env = CreateEnvironment();
            }
            catch (Exception ex) when (ex is DllNotFoundException or TypeInitializationException or EntryPointNotFoundException or BadImageFormatException)
            {
                throw new NativeLibraryMissingException(
                    "ONNX Runtime's native library (libonnxruntime.so from the NuGet package Microsoft.ML.OnnxRuntime.Gpu.Linux, "
                    + "under runtimes/linux-x64/native/ of the application folder) could not be loaded: " + (ex.InnerException ?? ex).Message, ex);
            }

            var engine = new OnnxRuntimeEngine(env, logger ?? NullLogger.Instance);
            Volatile.Write(ref s_current, engine);
            LogLoaded(engine._logger, engine.Version, engine.LibraryPath, string.Join(", ", engine.AvailableProviders));
            return engine;
        }
    }

    /// <summary>Loads (if needed) and reports the runtime's state without throwing: for health checks.</summary>
    public static OnnxRuntimeStatus TryLoad(OnnxRuntimeOptions? options = null, ILogger? logger = null)
    {
        try
        {
            var engine = Load(logger);
            var provider = engine.ProbeExecutionProvider(options?.ExecutionProvider ?? ExecutionProvider.Auto);
            return new OnnxRuntimeStatus(true, engine.LibraryPath, engine.Version, provider, engine.AvailableProviders, null, engine.CudaUnavailableReason);
        }
        catch (NativeLibraryMissingException ex)
        {
            return new OnnxRuntimeStatus(false, null, null, null, [], ex.Message, null);
        }
        catch (OnnxRuntimeException ex)
        {
            var engine = Current;
            return new OnnxRuntimeStatus(engine is not null, engine?.LibraryPath, engine?.Version, null, engine?.AvailableProviders ?? [], ex.Message, engine?.CudaUnavailableReason);
        }
    }

    /// <summary>The provider sessions created with <paramref name="requested"/> would use now. For
    /// <see cref="ExecutionProvider.Auto"/> this probes CUDA once (and logs the reason it is unavailable once).</summary>
    /// <exception cref="OnnxRuntimeException"><see cref="ExecutionProvider.Cuda"/> was requested and is unavailable;
    /// the message names the missing CUDA 13 / cuDNN 9 libraries.</exception>
    public string ProbeExecutionProvider(ExecutionProvider requested)
    {
        if (requested == ExecutionProvider.Cpu || (requested == ExecutionProvider.Auto && CudaUnavailableReason is not null))
        {
            return CpuProvider;
        }

        using var options = CreateSessionOptions(new OnnxRuntimeOptions());
        if (TryAppendCuda(options, out var reason))
        {
            return CudaProvider;
        }

        if (requested == ExecutionProvider.Cuda)
        {
            throw CudaRequiredException(reason);
        }

        NoteCudaUnavailable(reason);
        return CpuProvider;
    }

    /// <summary>Tests only: forget the cached CUDA probe and log to <paramref name="logger"/>.</summary>
    internal void ResetCudaProbe(ILogger logger)
    {
        _logger = logger;
        Volatile.Write(ref _cudaUnavailableReason, null);
    }

    private static OrtEnv CreateEnvironment()
    {
        if (OrtEnv.IsCreated)
        {
            return OrtEnv.Instance();
        }

        var creation = new EnvironmentCreationOptions
        {
            logId = "mlops-portal",
            logLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR,
            loggingFunction = LogSink,
        };
        return OrtEnv.CreateInstanceWithOptions(ref creation);
    }

    /// <summary>ORT's own log lines (e.g. which CUDA library failed to load) go to the portal's log at Debug: what
    /// matters reaches the user through exceptions and <see cref="CudaUnavailableReason"/>, never raw on stderr.</summary>
    private static void ForwardOrtLog(nint param, OrtLoggingLevel severity, string category, string logId, string codeLocation, string message)
    {
        Volatile.Read(ref s_logTap)?.Invoke(message);
        if (Current is { } engine)
        {
            LogOrt(engine._logger, severity.ToString(), message);
        }
    }

    /// <summary>Also hands every line of ORT's own log to <paramref name="tap"/> until the result is disposed (one tap
    /// at a time; for diagnostics such as <c>gpu-check</c>, with <see cref="OnnxRuntimeOptions.VerboseLog"/>
    /// sessions, whose log says on which provider each node was placed).</summary>
    public static IDisposable TapOrtLog(Action<string> tap)
    {
        ArgumentNullException.ThrowIfNull(tap);
        Volatile.Write(ref s_logTap, tap);
        return new LogTap();
    }

    private sealed class LogTap : IDisposable
    {
        public void Dispose() => Volatile.Write(ref s_logTap, null);
    }

    private static string? LoadedLibraryPath()
    {
        try
        {
            foreach (var line in File.ReadLines("/proc/self/maps"))
            {
                var slash = line.IndexOf('/', StringComparison.Ordinal);
                if (slash >= 0 && (line.EndsWith("/libonnxruntime.so", StringComparison.Ordinal) || line.EndsWith("/libonnxruntime.so.1", StringComparison.Ordinal)))
                {
                    return line[slash..];
                }
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }

        return null;
    }

    internal static SessionOptions CreateSessionOptions(OnnxRuntimeOptions options)
    {
        var sessionOptions = new SessionOptions();
        try
        {
            sessionOptions.GraphOptimizationLevel = (Ort.GraphOptimizationLevel)(int)options.GraphOptimizationLevel;
            sessionOptions.LogSeverityLevel = options.VerboseLog ? OrtLoggingLevel.ORT_LOGGING_LEVEL_VERBOSE : OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR;
            if (options.IntraOpThreads > 0)
            {
                sessionOptions.IntraOpNumThreads = options.IntraOpThreads;
            }

            if (options.InterOpThreads > 0)
            {
                sessionOptions.InterOpNumThreads = options.InterOpThreads;
            }

            return sessionOptions;
        }
        catch
        {
            sessionOptions.Dispose();
            throw;
        }
    }

    /// <summary>Appends the CUDA provider (device 0, defaults). On failure <paramref name="reason"/> says which CUDA
    /// 13 / cuDNN 9 libraries are missing and what ORT said; <paramref name="options"/> is then not used further.</summary>
    private static bool TryAppendCuda(SessionOptions options, out string reason)
    {
        try
        {
            options.AppendExecutionProvider_CUDA(0);
            reason = "";
            return true;
        }
        catch (Ort.OnnxRuntimeException ex)
        {
            reason = CudaLibraries.Explain(ex.Message);
            return false;
        }
        catch (EntryPointNotFoundException ex)
        {
            reason = CudaLibraries.Explain("this ONNX Runtime build has no CUDA entry point (" + ex.Message + ")");
            return false;
        }
    }

    private static OnnxRuntimeException CudaRequiredException(string reason) =>
        new(OrtErrorCode.EpFail,
            "CUDA execution provider was requested (OnnxRuntime:ExecutionProvider=Cuda) but is unavailable: " + reason
            + " Install CUDA 13 and cuDNN 9 (on the library path, e.g. LD_LIBRARY_PATH), or set OnnxRuntime:ExecutionProvider to Auto or Cpu.");

    private void NoteCudaUnavailable(string reason)
    {
        if (Interlocked.CompareExchange(ref _cudaUnavailableReason, reason, null) is null)
        {
            LogCudaFallback(_logger, reason);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "ONNX Runtime {Version} loaded from {LibraryPath}; built-in providers: {Providers}")]
    private static partial void LogLoaded(ILogger logger, string version, string libraryPath, string providers);

    [LoggerMessage(Level = LogLevel.Warning, Message = "CUDA execution provider unavailable, using CPUExecutionProvider for ONNX sessions: {Reason}")]
    private static partial void LogCudaFallback(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "ONNX Runtime [{Severity}] {Message}")]
    private static partial void LogOrt(ILogger logger, string severity, string message);
}

/// <summary>The host libraries ONNX Runtime 1.32's CUDA provider needs (NEEDED entries of
/// <c>libonnxruntime_providers_cuda.so</c>, plus cuDNN 9, which it opens at run time).</summary>
public static class CudaLibraries
{
    public const string ProviderLibrary = "libonnxruntime_providers_cuda.so";

    /// <summary>CUDA 13 runtime libraries, cuDNN 9 and the NVIDIA driver library.</summary>
    public static IReadOnlyList<string> Required { get; } =
        ["libcudart.so.13", "libcublas.so.13", "libcublasLt.so.13", "libcurand.so.10", "libcudnn.so.9", "libcuda.so.1"];

    /// <summary>Those of <see cref="Required"/> that the dynamic loader cannot find here.</summary>
    public static IReadOnlyList<string> Missing()
    {
        var missing = new List<string>();
        foreach (var name in Required)
        {
            if (NativeLibrary.TryLoad(name, out var handle))
            {
                NativeLibrary.Free(handle);
            }
            else
            {
                missing.Add(name);
            }
        }

        return missing;
    }

    /// <summary>One paragraph: what is missing (CUDA 13 / cuDNN 9 libraries, the provider library) and ORT's message.</summary>
    public static string Explain(string ortMessage)
    {
        var parts = new List<string>();
        var missing = Missing();
        if (missing.Count > 0)
        {
            parts.Add("ONNX Runtime's CUDA provider needs CUDA 13 (libcudart.so.13, libcublas.so.13, libcublasLt.so.13, libcurand.so.10), "
                + $"cuDNN 9 (libcudnn.so.9) and the NVIDIA driver (libcuda.so.1); not found on this machine: {string.Join(", ", missing)}.");
        }

        var directory = OnnxRuntimeEngine.Current?.LibraryPath is { } path ? Path.GetDirectoryName(path) : null;
        if (directory is not null && !File.Exists(Path.Combine(directory, ProviderLibrary)))
        {
            parts.Add($"{ProviderLibrary} is not in {directory} (only the portal's build and publish output carry it, not test or tool outputs).");
        }

        parts.Add("ONNX Runtime said: " + OrtErrors.WithoutPrefix(ortMessage).Trim().TrimEnd('.') + ".");
        return string.Join(" ", parts);
    }
}
