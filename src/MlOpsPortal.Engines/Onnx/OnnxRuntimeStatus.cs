namespace MlOpsPortal.Engines.Onnx;

/// <summary>What a health check or status page needs to know about ONNX Runtime.</summary>
/// <param name="Loaded">The native library (NuGet Microsoft.ML.OnnxRuntime.Gpu.Linux) is loaded and the environment exists.</param>
/// <param name="LibraryPath">The loaded library, when loaded.</param>
/// <param name="Version">ORT's version string, when loaded.</param>
/// <param name="ActiveProvider">"CUDAExecutionProvider" or "CPUExecutionProvider" for the configured provider; null on error.</param>
/// <param name="AvailableProviders">Providers compiled into the library.</param>
/// <param name="Error">Why the runtime is not usable as configured; null when it is.</param>
/// <param name="CudaUnavailableReason">ORT's reason CUDA could not be used (auto fell back to the CPU).</param>
public sealed record OnnxRuntimeStatus(
    bool Loaded,
    string? LibraryPath,
    string? Version,
    string? ActiveProvider,
    IReadOnlyList<string> AvailableProviders,
    string? Error,
    string? CudaUnavailableReason)
{
    /// <summary>Loaded and usable with the configured provider.</summary>
    public bool Ok => Loaded && Error is null && ActiveProvider is not null;
}
