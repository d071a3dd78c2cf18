namespace MlOpsPortal.Engines.Onnx;

/// <summary>Configuration for ONNX Runtime (bind from the "OnnxRuntime" configuration section).</summary>
public sealed class OnnxRuntimeOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "OnnxRuntime";

    /// <summary><c>auto</c> (CUDA with CPU fallback), <c>cuda</c> (the portal refuses to start without CUDA 13 and
    /// cuDNN 9) or <c>cpu</c>.</summary>
    public ExecutionProvider ExecutionProvider { get; set; } = ExecutionProvider.Auto;

    /// <summary>Threads used inside one operator per session; 0 lets ORT choose (one per physical core).</summary>
    public int IntraOpThreads { get; set; }

    /// <summary>Threads used across operators per session; 0 lets ORT choose.</summary>
    public int InterOpThreads { get; set; }

    public GraphOptimizationLevel GraphOptimizationLevel { get; set; } = GraphOptimizationLevel.All;

    /// <summary>ORT's verbose log for these sessions (to the portal's log at Debug): graph partitioning and the
    /// provider each node was placed on. For diagnostics only; off by default.</summary>
    public bool VerboseLog { get; set; }

    /// <summary>How many sessions <see cref="InferenceService"/> keeps (least recently used are evicted).</summary>
    public int SessionCacheCapacity { get; set; } = 16;

    /// <summary>A copy, so a caller's later changes do not affect a running service.</summary>
    public OnnxRuntimeOptions Clone() => (OnnxRuntimeOptions)MemberwiseClone();
}
