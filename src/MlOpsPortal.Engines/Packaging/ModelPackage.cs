using MlOpsPortal.Engines.Features;

namespace MlOpsPortal.Engines.Packaging;

/// <summary>
/// A portable model: model.onnx plus signature and metadata, and — when trained here — the native XGBoost
/// model and the feature pipeline. Immutable. See docs/model-package.md for the on-disk format.
/// </summary>
public sealed class ModelPackage
{
    public const string Format = "mlops-model-package";
    public const int FormatVersion = 1;
    public const string OnnxFile = "model.onnx";
    public const string NativeModelFile = "model.xgb.json";
    public const string MlNetModelFile = "model.mlnet.zip";
    public const string SignatureFile = "signature.json";
    public const string MetadataFile = "metadata.json";
    public const string PipelineFile = "pipeline.json";
    public const string ManifestFile = "manifest.json";

    public ModelPackage(byte[] onnx, ModelSignature signature, ModelMetadata metadata, byte[]? nativeModel = null, FeaturePipeline? pipeline = null, byte[]? mlNetModel = null)
    {
        ArgumentNullException.ThrowIfNull(onnx);
        ArgumentNullException.ThrowIfNull(signature);
        ArgumentNullException.ThrowIfNull(metadata);
        if (onnx.Length == 0)
        {
            throw new ArgumentException("model.onnx is empty.", nameof(onnx));
        }

        Onnx = onnx;
        Signature = signature;
        Metadata = metadata;
        NativeModel = nativeModel;
        Pipeline = pipeline;
        MlNetModel = mlNetModel;
    }

    /// <summary>model.onnx bytes.</summary>
    public byte[] Onnx { get; }

    public ModelSignature Signature { get; }

    public ModelMetadata Metadata { get; }

    /// <summary>model.xgb.json bytes (XGBoost JSON), when the model was trained here.</summary>
    public byte[]? NativeModel { get; }

    /// <summary>model.mlnet.zip (ML.NET's own model zip), when an ML.NET trainer produced the model here; its algorithm and task are in the metadata properties <c>mlnet.*</c>.</summary>
    public byte[]? MlNetModel { get; }

    /// <summary>pipeline.json, when the model was trained here.</summary>
    public FeaturePipeline? Pipeline { get; }

    /// <summary>Set when read from or written to storage: SHA-256 (hex) of manifest.json, which covers every file. Use as the artifact hash.</summary>
    public string? ContentHash { get; internal set; }
}
