namespace MlOpsPortal.Engines.Onnx;

/// <summary>An error reported by ONNX Runtime: <see cref="Exception.Message"/> carries ORT's own message.</summary>
public class OnnxRuntimeException : Exception
{
    public OnnxRuntimeException()
    {
    }

    public OnnxRuntimeException(string message)
        : base(message)
    {
    }

    public OnnxRuntimeException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public OnnxRuntimeException(OrtErrorCode errorCode, string message)
        : base(message)
    {
        ErrorCode = errorCode;
    }

    public OnnxRuntimeException(OrtErrorCode errorCode, string message, Exception innerException)
        : base(message, innerException)
    {
        ErrorCode = errorCode;
    }

    /// <summary>ORT's error code (<see cref="OrtErrorCode.Fail"/> when the error did not come from ORT).</summary>
    public OrtErrorCode ErrorCode { get; } = OrtErrorCode.Fail;
}

/// <summary>ONNX Runtime's native library (from the NuGet package) could not be found or loaded.</summary>
public class NativeLibraryMissingException : Exception
{
    public NativeLibraryMissingException()
    {
    }

    public NativeLibraryMissingException(string message)
        : base(message)
    {
    }

    public NativeLibraryMissingException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

}

/// <summary>Inputs given to a model do not match the graph's declared inputs; <see cref="InputName"/> names the
/// offending input.</summary>
public class OnnxInputValidationException : ArgumentException
{
    public OnnxInputValidationException()
    {
    }

    public OnnxInputValidationException(string message)
        : base(message)
    {
    }

    public OnnxInputValidationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public OnnxInputValidationException(string inputName, string message)
        : base(message)
    {
        InputName = inputName;
    }

    public string InputName { get; } = "";
}
