namespace MlOpsPortal.Engines.Onnx.Native;

/// <summary>
/// The subset of ONNX Runtime's <c>OrtApi</c> function table that the portal uses, read once from the table
/// returned by <c>OrtGetApiBase()-&gt;GetApi(30)</c>. Slot numbers are the 0-based, append-only positions in
/// <c>struct OrtApi</c> (slot numbers from ONNX Runtime's public C header, onnxruntime_c_api.h). Every <c>nint</c> returned by a function
/// marked "status" is an <c>OrtStatus*</c> (zero on success) and must go through <see cref="Check"/>.
/// </summary>
/// <remarks>All C enums are <c>int</c>; <c>size_t</c> is <see cref="nuint"/>; <c>ORTCHAR_T</c> is UTF-8 on Linux.</remarks>
internal sealed unsafe class OrtApi
{
    public const uint ApiVersion = 30;

    // Status.
    public readonly delegate* unmanaged[Cdecl]<nint, int> GetErrorCode;
    public readonly delegate* unmanaged[Cdecl]<nint, byte*> GetErrorMessage;
    public readonly delegate* unmanaged[Cdecl]<nint, void> ReleaseStatus;

    // Environment and session options (status).
    public readonly delegate* unmanaged[Cdecl]<int, byte*, nint*, nint> CreateEnv;
    public readonly delegate* unmanaged[Cdecl]<nint*, nint> CreateSessionOptions;
    public readonly delegate* unmanaged[Cdecl]<nint, int, nint> SetSessionGraphOptimizationLevel;
    public readonly delegate* unmanaged[Cdecl]<nint, int, nint> SetIntraOpNumThreads;
    public readonly delegate* unmanaged[Cdecl]<nint, int, nint> SetInterOpNumThreads;
    public readonly delegate* unmanaged[Cdecl]<nint, nint, nint> SessionOptionsAppendExecutionProviderCudaV2;
    public readonly delegate* unmanaged[Cdecl]<nint*, nint> CreateCudaProviderOptions;
    public readonly delegate* unmanaged[Cdecl]<byte***, int*, nint> GetAvailableProviders;
    public readonly delegate* unmanaged[Cdecl]<byte**, int, nint> ReleaseAvailableProviders;

    // Sessions (status).
    public readonly delegate* unmanaged[Cdecl]<nint, byte*, nint, nint*, nint> CreateSession;
    public readonly delegate* unmanaged[Cdecl]<nint, void*, nuint, nint, nint*, nint> CreateSessionFromArray;
    public readonly delegate* unmanaged[Cdecl]<nint, nint, nint*, nint*, nuint, nint*, nuint, nint*, nint> Run;
    public readonly delegate* unmanaged[Cdecl]<nint, nuint*, nint> SessionGetInputCount;
    public readonly delegate* unmanaged[Cdecl]<nint, nuint*, nint> SessionGetOutputCount;
    public readonly delegate* unmanaged[Cdecl]<nint, nuint, nint*, nint> SessionGetInputTypeInfo;
    public readonly delegate* unmanaged[Cdecl]<nint, nuint, nint*, nint> SessionGetOutputTypeInfo;
    public readonly delegate* unmanaged[Cdecl]<nint, nuint, nint, byte**, nint> SessionGetInputName;
    public readonly delegate* unmanaged[Cdecl]<nint, nuint, nint, byte**, nint> SessionGetOutputName;

    // Values and tensors (status).
    public readonly delegate* unmanaged[Cdecl]<nint, long*, nuint, int, nint*, nint> CreateTensorAsOrtValue;
    public readonly delegate* unmanaged[Cdecl]<nint, void*, nuint, long*, nuint, int, nint*, nint> CreateTensorWithDataAsOrtValue;
    public readonly delegate* unmanaged[Cdecl]<nint, void**, nint> GetTensorMutableData;
    public readonly delegate* unmanaged[Cdecl]<nint, byte**, nuint, nint> FillStringTensor;
    public readonly delegate* unmanaged[Cdecl]<nint, nuint*, nint> GetStringTensorDataLength;
    public readonly delegate* unmanaged[Cdecl]<nint, void*, nuint, nuint*, nuint, nint> GetStringTensorContent;
    public readonly delegate* unmanaged[Cdecl]<nint, nint*, nint> GetTensorTypeAndShape;
    public readonly delegate* unmanaged[Cdecl]<nint, int*, nint> GetValueType;
    public readonly delegate* unmanaged[Cdecl]<nint, int, nint, nint*, nint> GetValue;
    public readonly delegate* unmanaged[Cdecl]<nint, nuint*, nint> GetValueCount;

    // Type information (status). Cast* results are borrowed; Get*Type results are owned (ReleaseTypeInfo).
    public readonly delegate* unmanaged[Cdecl]<nint, nint*, nint> CastTypeInfoToTensorInfo;
    public readonly delegate* unmanaged[Cdecl]<nint, int*, nint> GetOnnxTypeFromTypeInfo;
    public readonly delegate* unmanaged[Cdecl]<nint, int*, nint> GetTensorElementType;
    public readonly delegate* unmanaged[Cdecl]<nint, nuint*, nint> GetDimensionsCount;
    public readonly delegate* unmanaged[Cdecl]<nint, long*, nuint, nint> GetDimensions;
    public readonly delegate* unmanaged[Cdecl]<nint, nuint*, nint> GetTensorShapeElementCount;
    public readonly delegate* unmanaged[Cdecl]<nint, nint*, nint> CastTypeInfoToMapTypeInfo;
    public readonly delegate* unmanaged[Cdecl]<nint, nint*, nint> CastTypeInfoToSequenceTypeInfo;
    public readonly delegate* unmanaged[Cdecl]<nint, int*, nint> GetMapKeyType;
    public readonly delegate* unmanaged[Cdecl]<nint, nint*, nint> GetMapValueType;
    public readonly delegate* unmanaged[Cdecl]<nint, nint*, nint> GetSequenceElementType;

    // Memory (status).
    public readonly delegate* unmanaged[Cdecl]<int, int, nint*, nint> CreateCpuMemoryInfo;
    public readonly delegate* unmanaged[Cdecl]<nint*, nint> GetAllocatorWithDefaultOptions;
    public readonly delegate* unmanaged[Cdecl]<nint, void*, nint> AllocatorFree;

    // Release functions (void).
    public readonly delegate* unmanaged[Cdecl]<nint, void> ReleaseEnv;
    public readonly delegate* unmanaged[Cdecl]<nint, void> ReleaseMemoryInfo;
    public readonly delegate* unmanaged[Cdecl]<nint, void> ReleaseSession;
    public readonly delegate* unmanaged[Cdecl]<nint, void> ReleaseValue;
    public readonly delegate* unmanaged[Cdecl]<nint, void> ReleaseTypeInfo;
    public readonly delegate* unmanaged[Cdecl]<nint, void> ReleaseTensorTypeAndShapeInfo;
    public readonly delegate* unmanaged[Cdecl]<nint, void> ReleaseSessionOptions;
    public readonly delegate* unmanaged[Cdecl]<nint, void> ReleaseCudaProviderOptions;

    public OrtApi(nint table)
    {
        var s = (nint*)table;
        GetErrorCode = (delegate* unmanaged[Cdecl]<nint, int>)s[1];
        GetErrorMessage = (delegate* unmanaged[Cdecl]<nint, byte*>)s[2];
        CreateEnv = (delegate* unmanaged[Cdecl]<int, byte*, nint*, nint>)s[3];
        CreateSession = (delegate* unmanaged[Cdecl]<nint, byte*, nint, nint*, nint>)s[7];
        CreateSessionFromArray = (delegate* unmanaged[Cdecl]<nint, void*, nuint, nint, nint*, nint>)s[8];
        Run = (delegate* unmanaged[Cdecl]<nint, nint, nint*, nint*, nuint, nint*, nuint, nint*, nint>)s[9];
        CreateSessionOptions = (delegate* unmanaged[Cdecl]<nint*, nint>)s[10];
        SetSessionGraphOptimizationLevel = (delegate* unmanaged[Cdecl]<nint, int, nint>)s[23];
        SetIntraOpNumThreads = (delegate* unmanaged[Cdecl]<nint, int, nint>)s[24];
        SetInterOpNumThreads = (delegate* unmanaged[Cdecl]<nint, int, nint>)s[25];
        SessionGetInputCount = (delegate* unmanaged[Cdecl]<nint, nuint*, nint>)s[30];
        SessionGetOutputCount = (delegate* unmanaged[Cdecl]<nint, nuint*, nint>)s[31];
        SessionGetInputTypeInfo = (delegate* unmanaged[Cdecl]<nint, nuint, nint*, nint>)s[33];
        SessionGetOutputTypeInfo = (delegate* unmanaged[Cdecl]<nint, nuint, nint*, nint>)s[34];
        SessionGetInputName = (delegate* unmanaged[Cdecl]<nint, nuint, nint, byte**, nint>)s[36];
        SessionGetOutputName = (delegate* unmanaged[Cdecl]<nint, nuint, nint, byte**, nint>)s[37];
        CreateTensorAsOrtValue = (delegate* unmanaged[Cdecl]<nint, long*, nuint, int, nint*, nint>)s[48];
        CreateTensorWithDataAsOrtValue = (delegate* unmanaged[Cdecl]<nint, void*, nuint, long*, nuint, int, nint*, nint>)s[49];
        GetTensorMutableData = (delegate* unmanaged[Cdecl]<nint, void**, nint>)s[51];
        FillStringTensor = (delegate* unmanaged[Cdecl]<nint, byte**, nuint, nint>)s[52];
        GetStringTensorDataLength = (delegate* unmanaged[Cdecl]<nint, nuint*, nint>)s[53];
        GetStringTensorContent = (delegate* unmanaged[Cdecl]<nint, void*, nuint, nuint*, nuint, nint>)s[54];
        CastTypeInfoToTensorInfo = (delegate* unmanaged[Cdecl]<nint, nint*, nint>)s[55];
        GetOnnxTypeFromTypeInfo = (delegate* unmanaged[Cdecl]<nint, int*, nint>)s[56];
        GetTensorElementType = (delegate* unmanaged[Cdecl]<nint, int*, nint>)s[60];
        GetDimensionsCount = (delegate* unmanaged[Cdecl]<nint, nuint*, nint>)s[61];
        GetDimensions = (delegate* unmanaged[Cdecl]<nint, long*, nuint, nint>)s[62];
        GetTensorShapeElementCount = (delegate* unmanaged[Cdecl]<nint, nuint*, nint>)s[64];
        GetTensorTypeAndShape = (delegate* unmanaged[Cdecl]<nint, nint*, nint>)s[65];
        GetValueType = (delegate* unmanaged[Cdecl]<nint, int*, nint>)s[67];
        CreateCpuMemoryInfo = (delegate* unmanaged[Cdecl]<int, int, nint*, nint>)s[69];
        AllocatorFree = (delegate* unmanaged[Cdecl]<nint, void*, nint>)s[76];
        GetAllocatorWithDefaultOptions = (delegate* unmanaged[Cdecl]<nint*, nint>)s[78];
        GetValue = (delegate* unmanaged[Cdecl]<nint, int, nint, nint*, nint>)s[80];
        GetValueCount = (delegate* unmanaged[Cdecl]<nint, nuint*, nint>)s[81];
        ReleaseEnv = (delegate* unmanaged[Cdecl]<nint, void>)s[92];
        ReleaseStatus = (delegate* unmanaged[Cdecl]<nint, void>)s[93];
        ReleaseMemoryInfo = (delegate* unmanaged[Cdecl]<nint, void>)s[94];
        ReleaseSession = (delegate* unmanaged[Cdecl]<nint, void>)s[95];
        ReleaseValue = (delegate* unmanaged[Cdecl]<nint, void>)s[96];
        ReleaseTypeInfo = (delegate* unmanaged[Cdecl]<nint, void>)s[98];
        ReleaseTensorTypeAndShapeInfo = (delegate* unmanaged[Cdecl]<nint, void>)s[99];
        ReleaseSessionOptions = (delegate* unmanaged[Cdecl]<nint, void>)s[100];
        CastTypeInfoToMapTypeInfo = (delegate* unmanaged[Cdecl]<nint, nint*, nint>)s[103];
        CastTypeInfoToSequenceTypeInfo = (delegate* unmanaged[Cdecl]<nint, nint*, nint>)s[104];
        GetMapKeyType = (delegate* unmanaged[Cdecl]<nint, int*, nint>)s[105];
        GetMapValueType = (delegate* unmanaged[Cdecl]<nint, nint*, nint>)s[106];
        GetSequenceElementType = (delegate* unmanaged[Cdecl]<nint, nint*, nint>)s[107];
        GetAvailableProviders = (delegate* unmanaged[Cdecl]<byte***, int*, nint>)s[125];
        ReleaseAvailableProviders = (delegate* unmanaged[Cdecl]<byte**, int, nint>)s[126];
        SessionOptionsAppendExecutionProviderCudaV2 = (delegate* unmanaged[Cdecl]<nint, nint, nint>)s[204];
        CreateCudaProviderOptions = (delegate* unmanaged[Cdecl]<nint*, nint>)s[205];
        ReleaseCudaProviderOptions = (delegate* unmanaged[Cdecl]<nint, void>)s[208];
    }

    /// <summary>Throws <see cref="OnnxRuntimeException"/> carrying ORT's code and message when <paramref name="status"/>
    /// is not null, releasing the status first.</summary>
    public void Check(nint status)
    {
        if (status != 0)
        {
            throw ToException(status, null);
        }
    }

    /// <summary>Converts a non-null status into an exception (releasing the status); <paramref name="context"/>
    /// prefixes ORT's message.</summary>
    public OnnxRuntimeException ToException(nint status, string? context)
    {
        int code;
        string message;
        try
        {
            code = GetErrorCode(status);
            message = NativeUtf8.ToString(GetErrorMessage(status)) ?? "(no message)";
        }
        finally
        {
            ReleaseStatus(status);
        }

        return new OnnxRuntimeException((OrtErrorCode)code, context is null ? message : context + ": " + message);
    }
}
