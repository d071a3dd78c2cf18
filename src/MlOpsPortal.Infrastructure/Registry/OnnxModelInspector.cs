using System.Text.Json;
using Microsoft.Extensions.Options;
using MlOpsPortal.Application.Artifacts;
using MlOpsPortal.Domain.Common;
using MlOpsPortal.Engines.Onnx;
using MlOpsPortal.Engines.Packaging;

namespace MlOpsPortal.Infrastructure.Registry;

/// <summary>What loading a model file in ONNX Runtime found: the graph's signature, or ORT's reason for refusing it.</summary>
public sealed record InspectedModel(bool Valid, string? Signature, string? OnnxSha256, string? Failure, string? RunId, string? DatasetVersion);

/// <summary>Validates uploaded model files by loading them in ONNX Runtime and reads their signature from the graph.</summary>
public sealed class OnnxModelInspector(IOptions<OnnxRuntimeOptions> options)
{
    /// <summary>Fails (InvalidState) only when ONNX Runtime itself is unavailable; a bad file is a value with <c>Valid = false</c>.</summary>
    public async Task<Result<InspectedModel>> InspectAsync(UploadedModel upload, CancellationToken cancellationToken)
    {
        byte[] onnx;
        string? runId = null;
        string? dataset = null;
        if (upload.IsPackage)
        {
            try
            {
                using var zip = new MemoryStream(upload.Content, writable: false);
                var package = await ModelPackageStore.ReadZipAsync(zip, cancellationToken);
                onnx = package.Onnx;
                runId = package.Metadata.TrainingRunId;
                dataset = package.Metadata.DatasetVersion;
            }
            catch (ModelPackageException ex)
            {
                return new InspectedModel(false, null, null, "Invalid model package: " + ex.Message, null, null);
            }
            catch (InvalidDataException ex)
            {
                return new InspectedModel(false, null, null, "Invalid model package (not a zip file): " + ex.Message, null, null);
            }
        }
        else
        {
            onnx = upload.Content;
        }

        OnnxRuntimeEngine engine;
        try
        {
            engine = OnnxRuntimeEngine.Load();
        }
        catch (NativeLibraryMissingException ex)
        {
            return Error.InvalidState("ONNX Runtime is not available on this server, so the model cannot be validated: " + ex.Message);
        }

        try
        {
            using var session = engine.CreateSession(onnx, options.Value);
            var signature = JsonSerializer.Serialize(new
            {
                inputs = session.Inputs.Select(Describe),
                outputs = session.Outputs.Select(Describe),
            }, JsonColumn.Options);
            return new InspectedModel(true, signature, Sha256Hex.Format(System.Security.Cryptography.SHA256.HashData(onnx)), null, runId, dataset);
        }
        catch (OnnxRuntimeException ex)
        {
            return new InspectedModel(false, null, null, "ONNX Runtime rejected the model: " + ex.Message, runId, dataset);
        }
    }

    private static object Describe(OnnxValueInfo v) => new { name = v.Name, type = v.TypeDescription, shape = v.Shape };
}
