using System.Text.RegularExpressions;
using Microsoft.ML.OnnxRuntime;
using Ort = Microsoft.ML.OnnxRuntime;

namespace MlOpsPortal.Engines.Onnx;

/// <summary>Session creation with execution-provider selection.</summary>
public sealed partial class OnnxRuntimeEngine
{
    /// <summary>Creates a session from ONNX model bytes (ORT copies what it needs; the array may be reused after).</summary>
    /// <exception cref="OnnxRuntimeException">ORT rejected the model (corrupt, truncated, unsupported operator, ...);
    /// the message is ORT's.</exception>
    public OnnxModelSession CreateSession(byte[] model, OnnxRuntimeOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (model.Length == 0)
        {
            throw new OnnxRuntimeException(OrtErrorCode.InvalidArgument, "The ONNX model is empty (0 bytes).");
        }

        return CreateSession(o => new InferenceSession(model, o), options ?? new OnnxRuntimeOptions());
    }

    /// <summary>Creates a session from an ONNX file.</summary>
    /// <exception cref="FileNotFoundException">No file at <paramref name="modelPath"/>.</exception>
    /// <exception cref="OnnxRuntimeException">ORT rejected the model; the message is ORT's.</exception>
    public OnnxModelSession CreateSession(string modelPath, OnnxRuntimeOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(modelPath);
        var fullPath = Path.GetFullPath(modelPath);
        if (!File.Exists(fullPath))
        {
            throw new FileNotFoundException("ONNX model file not found.", fullPath);
        }

        return CreateSession(o => new InferenceSession(fullPath, o), options ?? new OnnxRuntimeOptions());
    }

    private OnnxModelSession CreateSession(Func<SessionOptions, InferenceSession> open, OnnxRuntimeOptions options)
    {
        switch (options.ExecutionProvider)
        {
            case ExecutionProvider.Cpu:
                return CreateCpuSession(open, options);

            case ExecutionProvider.Cuda:
            {
                using var cudaOptions = CreateSessionOptions(options);
                if (!TryAppendCuda(cudaOptions, out var reason))
                {
                    throw CudaRequiredException(reason);
                }

                return Open(open, cudaOptions, CudaProvider);
            }

            default:
                return CreateAutoSession(open, options);
        }
    }

    private OnnxModelSession CreateAutoSession(Func<SessionOptions, InferenceSession> open, OnnxRuntimeOptions options)
    {
        if (CudaUnavailableReason is not null)
        {
            return CreateCpuSession(open, options);
        }

        string reason;
        using (var cudaOptions = CreateSessionOptions(options))
        {
            if (TryAppendCuda(cudaOptions, out reason))
            {
                try
                {
                    return Open(open, cudaOptions, CudaProvider);
                }
                catch (OnnxRuntimeException ex)
                {
                    // CUDA registered but the session failed: retry on the CPU below. If the CPU fails too the
                    // model itself is at fault and the CPU error is the one to report.
                    reason = ex.Message;
                }
            }
        }

        var session = CreateCpuSession(open, options);
        NoteCudaUnavailable(reason);
        return session;
    }

    private static OnnxModelSession CreateCpuSession(Func<SessionOptions, InferenceSession> open, OnnxRuntimeOptions options)
    {
        using var cpuOptions = CreateSessionOptions(options);
        return Open(open, cpuOptions, CpuProvider);
    }

    private static OnnxModelSession Open(Func<SessionOptions, InferenceSession> open, SessionOptions sessionOptions, string provider)
    {
        InferenceSession session;
        try
        {
            session = open(sessionOptions);
        }
        catch (Ort.OnnxRuntimeException ex)
        {
            throw OrtErrors.Convert(ex, "ONNX Runtime could not load the model");
        }

        try
        {
            return new OnnxModelSession(session, provider);
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }
}

/// <summary>Turns the managed API's exceptions into ours: the message is ORT's (without the "[ErrorCode:X]" prefix),
/// the code is ORT's.</summary>
internal static partial class OrtErrors
{
    public static OnnxRuntimeException Convert(Ort.OnnxRuntimeException ex, string? context)
    {
        var message = ex.Message;
        var code = OrtErrorCode.Fail;
        var match = Prefix().Match(message);
        if (match.Success)
        {
            code = match.Groups["code"].Value switch
            {
                // The managed enum names ORT_EP_FAIL (11) after an older meaning of that value.
                "ShapeInferenceNotRegistered" => OrtErrorCode.EpFail,
                var name => Enum.TryParse<OrtErrorCode>(name, out var parsed) ? parsed : OrtErrorCode.Fail,
            };
            message = message[match.Length..];
        }

        return new OnnxRuntimeException(code, context is null ? message : $"{context}: {message}", ex);
    }

    /// <summary>ORT's message without the managed API's "[ErrorCode:X] " prefix.</summary>
    public static string WithoutPrefix(string message) => Prefix().Replace(message, "", 1);

    [GeneratedRegex(@"^\[(?:ErrorCode:)?(?<code>\w+)\]\s*")]
    private static partial Regex Prefix();
}
