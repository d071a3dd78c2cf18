using MlOpsPortal.Engines.Onnx;
using MlOpsPortal.Engines.XGBoost;
using MlOpsPortal.Infrastructure.Hosting;

namespace MlOpsPortal.Web.Hosting;

/// <summary>
/// The native engines: ONNX Runtime (section "OnnxRuntime") and XGBoost (section "Engines:XGBoost").
/// Nothing native is loaded at start-up (a missing library shows in /health/ready), except when the configuration
/// demands CUDA: then <see cref="EnsureRequestedProviderAvailable"/> refuses to start without it.
/// </summary>
public static class EngineServices
{
    public static IServiceCollection AddPortalEngines(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOnnxRuntime();
        services.Configure<OnnxRuntimeOptions>(configuration.GetSection(OnnxRuntimeOptions.SectionName));
        services.AddXGBoost();
        services.Configure<XGBoostLibraryOptions>(configuration.GetSection(XGBoostLibraryOptions.SectionName));
        return services;
    }

    /// <summary>With <c>OnnxRuntime:ExecutionProvider=Cuda</c>, loads ONNX Runtime and its CUDA provider now, so a
    /// host without CUDA 13 / cuDNN 9 fails at start (one line naming the missing libraries) instead of at the first
    /// prediction. Auto and Cpu load nothing here.</summary>
    /// <exception cref="PortalStartupException">CUDA was demanded and is unavailable.</exception>
    public static void EnsureRequestedProviderAvailable(IConfiguration configuration)
    {
        var options = configuration.GetSection(OnnxRuntimeOptions.SectionName).Get<OnnxRuntimeOptions>() ?? new OnnxRuntimeOptions();
        if (options.ExecutionProvider != ExecutionProvider.Cuda)
        {
            return;
        }

        try
        {
            OnnxRuntimeEngine.Load().ProbeExecutionProvider(ExecutionProvider.Cuda);
        }
        catch (OnnxRuntimeException ex)
        {
            throw new PortalStartupException(ex.Message, ex);
        }
        catch (NativeLibraryMissingException ex)
        {
            throw new PortalStartupException(ex.Message, ex);
        }
    }
}
