using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace MlOpsPortal.Engines.Onnx;

/// <summary>Health of the ONNX Runtime for the health endpoint; never throws.</summary>
public static class OnnxRuntimeHealth
{
    /// <summary>(true, "ONNX Runtime 1.32.0 (path), provider X[; CUDA unavailable: why]") or (false, the reason).</summary>
    public static (bool Ok, string Detail) Check(OnnxRuntimeOptions? options = null) => Describe(OnnxRuntimeEngine.TryLoad(options));

    public static (bool Ok, string Detail) Describe(OnnxRuntimeStatus status)
    {
        ArgumentNullException.ThrowIfNull(status);
        if (!status.Ok)
        {
            return (false, status.Error ?? "ONNX Runtime is not loaded.");
        }

        var detail = $"ONNX Runtime {status.Version} ({status.LibraryPath}), provider {status.ActiveProvider}";
        if (status.CudaUnavailableReason is not null)
        {
            detail += $"; CUDA unavailable: {status.CudaUnavailableReason}";
        }

        return (true, detail);
    }
}

/// <summary><see cref="IHealthCheck"/> over <see cref="OnnxRuntimeHealth"/> (register with
/// <see cref="OnnxRuntimeServiceCollectionExtensions.AddOnnxRuntimeCheck"/>).</summary>
public sealed class OnnxRuntimeHealthCheck(IOptions<OnnxRuntimeOptions> options) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var status = OnnxRuntimeEngine.TryLoad(options.Value);
        var (ok, detail) = OnnxRuntimeHealth.Describe(status);
        var data = new Dictionary<string, object>
        {
            ["libraryPath"] = status.LibraryPath ?? "",
            ["version"] = status.Version ?? "",
            ["provider"] = status.ActiveProvider ?? "",
            ["cudaUnavailableReason"] = status.CudaUnavailableReason ?? "",
        };
        return Task.FromResult(ok ? HealthCheckResult.Healthy(detail, data) : HealthCheckResult.Unhealthy(detail, data: data));
    }
}
