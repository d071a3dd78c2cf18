using Microsoft.ML.OnnxRuntime;
using Ort = Microsoft.ML.OnnxRuntime;

namespace MlOpsPortal.Engines.Onnx;

/// <summary>
/// A loaded ONNX model (an ORT <see cref="InferenceSession"/>) with its declared inputs and outputs. Create through
/// <see cref="OnnxRuntimeEngine.CreateSession(byte[], OnnxRuntimeOptions?)"/> or <see cref="InferenceService"/>.
/// </summary>
/// <remarks>
/// Thread-safety: <see cref="Run"/> may be called from many threads at once (ORT sessions support concurrent
/// Run; every value we create is per call or owned by a caller's batch). <see cref="Dispose"/> may race with Run:
/// in-flight runs hold a reference on the session, which is disposed when the last of them returns; later runs throw
/// <see cref="ObjectDisposedException"/>.
/// </remarks>
public sealed partial class OnnxModelSession : IDisposable
{
    // One RunOptions for every Run: ORT only reads it (we never set Terminate), so sharing it is safe and saves a
    // native allocation per call. Lives as long as the process.
    private static readonly RunOptions SharedRunOptions = new();

    private readonly InferenceSession _session;
    private readonly OnnxValueInfo[] _inputs;
    private readonly OnnxValueInfo[] _outputs;
    private readonly Dictionary<string, int> _inputIndex;
    private readonly Dictionary<string, int> _outputIndex;
    private readonly string[] _inputNames;
    private readonly string[] _outputNames;
    private int _references = 1;
    private int _disposed;

    internal OnnxModelSession(InferenceSession session, string executionProvider)
    {
        _session = session;
        ExecutionProvider = executionProvider;
        _inputNames = [.. session.InputNames];
        _outputNames = [.. session.OutputNames];
        _inputs = [.. _inputNames.Select(n => OnnxMetadata.Describe(n, session.InputMetadata[n]))];
        _outputs = [.. _outputNames.Select(n => OnnxMetadata.Describe(n, session.OutputMetadata[n]))];
        _inputIndex = IndexByName(_inputs);
        _outputIndex = IndexByName(_outputs);
    }

    /// <summary>"CUDAExecutionProvider" or "CPUExecutionProvider": the provider this session was created with.</summary>
    public string ExecutionProvider { get; }

    public IReadOnlyList<OnnxValueInfo> Inputs => _inputs;

    public IReadOnlyList<OnnxValueInfo> Outputs => _outputs;

    public bool IsDisposed => Volatile.Read(ref _disposed) != 0;

    internal InferenceSession Inner => _session;

    internal static RunOptions RunOptions => SharedRunOptions;

    internal IReadOnlyList<string> OutputNames => _outputNames;

    /// <summary>Runs the model on named input columns and copies the requested outputs (all when null).</summary>
    /// <exception cref="OnnxInputValidationException">An input is unknown, missing, of the wrong element type or
    /// of the wrong rank/fixed dimension; the message and <see cref="OnnxInputValidationException.InputName"/>
    /// name it.</exception>
    /// <exception cref="OnnxRuntimeException">ORT failed during the run (message is ORT's).</exception>
    public OnnxOutputs Run(IReadOnlyList<OnnxTensorInput> inputs, IReadOnlyList<string>? outputNames = null)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ObjectDisposedException.ThrowIf(IsDisposed, this);
        var inputCount = inputs.Count;
        var order = inputCount <= 64 ? stackalloc int[inputCount] : new int[inputCount];
        ValidateInputs(inputs, order);
        var outputs = ResolveOutputs(outputNames);
        var names = NamesInOrder(order);
        var values = new OrtValue[inputCount];
        var borrowed = inputCount <= 128 ? stackalloc bool[inputCount] : new bool[inputCount];
        borrowed.Clear(); // Borrowed values (OnnxBatch blocks) belong to their input: never disposed here.
        ObjectDisposedException.ThrowIf(!TryAddRef(), this);
        try
        {
            for (var i = 0; i < inputCount; i++)
            {
                values[i] = inputs[i].AcquireValue(out borrowed[i]);
            }

            using var results = _session.Run(SharedRunOptions, names, values, outputs);
            var copied = new OnnxOutputValue[outputs.Length];
            var j = 0;
            foreach (var result in results)
            {
                copied[j] = OnnxOutputReader.Read(outputs[j], result);
                j++;
            }

            return new OnnxOutputs(copied);
        }
        catch (Ort.OnnxRuntimeException ex)
        {
            throw OrtErrors.Convert(ex, null);
        }
        finally
        {
            for (var i = 0; i < inputCount; i++)
            {
                if (!borrowed[i])
                {
                    values[i]?.Dispose();
                }
            }

            ReleaseRef();
        }
    }

    /// <summary>Disposes the native session (deferred until in-flight runs return).</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            ReleaseRef();
        }
    }

    /// <summary>Keeps the native session alive until <see cref="ReleaseRef"/>; false once it is disposed.</summary>
    internal bool TryAddRef()
    {
        while (true)
        {
            var current = Volatile.Read(ref _references);
            if (current == 0 || Volatile.Read(ref _disposed) != 0)
            {
                return false;
            }

            if (Interlocked.CompareExchange(ref _references, current + 1, current) == current)
            {
                return true;
            }
        }
    }

    internal void ReleaseRef()
    {
        if (Interlocked.Decrement(ref _references) == 0)
        {
            _session.Dispose();
        }
    }

    internal string InputName(int index) => _inputNames[index];

    internal int InputIndex(string name) => _inputIndex.TryGetValue(name, out var index)
        ? index
        : throw new OnnxInputValidationException(name, $"Input '{name}' is not an input of this model; its inputs are: {string.Join(", ", _inputs.Select(i => i.Name))}.");

    /// <summary>The declared names of the supplied inputs; the session's own array when they come in declared order.</summary>
    private string[] NamesInOrder(ReadOnlySpan<int> order)
    {
        var inOrder = order.Length == _inputNames.Length;
        for (var i = 0; inOrder && i < order.Length; i++)
        {
            inOrder = order[i] == i;
        }

        if (inOrder)
        {
            return _inputNames;
        }

        var names = new string[order.Length];
        for (var i = 0; i < order.Length; i++)
        {
            names[i] = _inputNames[order[i]];
        }

        return names;
    }

    private string[] ResolveOutputs(IReadOnlyList<string>? names)
    {
        if (names is null)
        {
            return _outputNames;
        }

        var result = new string[names.Count];
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = _outputIndex.ContainsKey(names[i])
                ? names[i]
                : throw new ArgumentException($"Output '{names[i]}' is not an output of this model; its outputs are: {string.Join(", ", _outputs.Select(o => o.Name))}.", nameof(names));
        }

        return result;
    }

    private static Dictionary<string, int> IndexByName(OnnxValueInfo[] values)
    {
        var index = new Dictionary<string, int>(values.Length, StringComparer.Ordinal);
        for (var i = 0; i < values.Length; i++)
        {
            index[values[i].Name] = i;
        }

        return index;
    }
}
