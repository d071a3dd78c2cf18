using Microsoft.ML.OnnxRuntime;
using Ort = Microsoft.ML.OnnxRuntime;

namespace MlOpsPortal.Engines.Onnx;

/// <summary>
/// The "raw ORT" baseline for benchmarks: input OrtValues are built once over the given data, and
/// <see cref="Run"/> is nothing but <see cref="InferenceSession.Run(RunOptions, IReadOnlyCollection{string}, IReadOnlyCollection{OrtValue}, IReadOnlyCollection{string})"/>
/// on them (no validation, no copying of outputs). Output values stay alive until the next <see cref="Run"/> or
/// <see cref="Dispose"/>.
/// </summary>
/// <remarks>Not thread-safe: use one runner per thread. The input memory stays pinned for the runner's lifetime.</remarks>
public sealed class OnnxRawRunner : IDisposable
{
    private readonly OnnxModelSession _session;
    private readonly string[] _inputNames;
    private readonly OrtValue[] _inputValues;
    private readonly string[] _outputNames;
    private IDisposableReadOnlyCollection<OrtValue>? _outputs;
    private bool _disposed;

    /// <summary>Builds the input values (validated once against the model) for repeated runs.</summary>
    public OnnxRawRunner(OnnxModelSession session, IReadOnlyList<OnnxTensorInput> inputs)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(inputs);
        _session = session;
        var order = new int[inputs.Count];
        session.ValidateInputs(inputs, order);
        ObjectDisposedException.ThrowIf(!session.TryAddRef(), session);
        _inputNames = new string[inputs.Count];
        _inputValues = new OrtValue[inputs.Count];
        _outputNames = [.. session.OutputNames];
        try
        {
            for (var i = 0; i < inputs.Count; i++)
            {
                _inputNames[i] = session.InputName(order[i]);
                _inputValues[i] = inputs[i].CreateValue();
            }
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>One ORT Run over the prebuilt inputs.</summary>
    public void Run()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        _outputs?.Dispose();
        _outputs = null;
        try
        {
            _outputs = _session.Inner.Run(OnnxModelSession.RunOptions, _inputNames, _inputValues, _outputNames);
        }
        catch (Ort.OnnxRuntimeException ex)
        {
            throw OrtErrors.Convert(ex, null);
        }
    }

    /// <summary>The float tensor output at <paramref name="index"/> of the last <see cref="Run"/>, read in place
    /// (valid until the next Run or Dispose).</summary>
    public ReadOnlySpan<float> OutputAsFloats(int index)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_outputs is null)
        {
            throw new InvalidOperationException("Call Run first.");
        }

        var value = _outputs is IReadOnlyList<OrtValue> list ? list[index] : _outputs.ElementAt(index);
        var element = (OnnxElementType)(int)value.GetTensorTypeAndShape().ElementDataType;
        if (element != OnnxElementType.Float)
        {
            throw new InvalidOperationException($"Output {index} is a tensor of {element}, not float.");
        }

        return value.GetTensorDataAsSpan<float>();
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _outputs?.Dispose();
        _outputs = null;
        foreach (var value in _inputValues)
        {
            value?.Dispose();
        }

        _session.ReleaseRef();
    }
}
