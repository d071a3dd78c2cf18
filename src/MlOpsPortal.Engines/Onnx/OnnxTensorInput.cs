using System.Globalization;
using System.Runtime.InteropServices;
using Microsoft.ML.OnnxRuntime;

namespace MlOpsPortal.Engines.Onnx;

/// <summary>
/// One named input column for <see cref="OnnxModelSession.Run"/>: a tensor of floats, doubles, int64, int32,
/// bools or strings with an explicit shape (e.g. <c>[rows, k]</c> or <c>[rows, 1]</c>).
/// </summary>
/// <remarks>Numeric data is not copied: ORT reads the caller's memory (pinned for the duration of the call) through
/// <see cref="OrtValue.CreateTensorValueFromMemory{T}(OrtMemoryInfo, Memory{T}, long[])"/>, so do not change it while
/// a Run using it is in progress. Strings are copied into the tensor (UTF-8, element by element). Instances are
/// immutable and may be reused across calls and threads.</remarks>
public abstract class OnnxTensorInput
{
    private readonly long[] _shape;

    private protected OnnxTensorInput(string name, OnnxElementType elementType, long length, long[] shape)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(shape);
        Name = name;
        ElementType = elementType;
        _shape = (long[])shape.Clone();
        long product = 1;
        foreach (var dim in _shape)
        {
            if (dim < 0)
            {
                throw new OnnxInputValidationException(name, $"Input '{name}' has a negative dimension in shape [{string.Join(",", _shape)}].");
            }

            product *= dim;
        }

        if (product != length)
        {
            throw new OnnxInputValidationException(name,
                $"Input '{name}' has shape [{string.Join(",", _shape)}] ({product} elements) but {length} values were supplied.");
        }
    }

    public string Name { get; }

    public OnnxElementType ElementType { get; }

    public IReadOnlyList<long> Shape => _shape;

    public long ElementCount => _shape.Aggregate(1L, (a, b) => a * b);

    internal long[] ShapeArray => _shape;

    public static OnnxTensorInput FromFloats(string name, ReadOnlyMemory<float> data, params long[] shape) =>
        new Numeric<float>(name, OnnxElementType.Float, data, shape);

    public static OnnxTensorInput FromDoubles(string name, ReadOnlyMemory<double> data, params long[] shape) =>
        new Numeric<double>(name, OnnxElementType.Double, data, shape);

    public static OnnxTensorInput FromInt64s(string name, ReadOnlyMemory<long> data, params long[] shape) =>
        new Numeric<long>(name, OnnxElementType.Int64, data, shape);

    public static OnnxTensorInput FromInt32s(string name, ReadOnlyMemory<int> data, params long[] shape) =>
        new Numeric<int>(name, OnnxElementType.Int32, data, shape);

    public static OnnxTensorInput FromBools(string name, ReadOnlyMemory<bool> data, params long[] shape) =>
        new Numeric<bool>(name, OnnxElementType.Bool, data, shape);

    /// <summary>A string tensor (categorical columns). Null elements are rejected when the tensor is built.</summary>
    public static OnnxTensorInput FromStrings(string name, ReadOnlyMemory<string> data, params long[] shape) =>
        new Strings(name, data, shape);

    /// <summary>Creates the OrtValue (owned by the caller, who disposes it after the Run).</summary>
    internal abstract OrtValue CreateValue();

    /// <summary>The OrtValue for one Run: a new one (<paramref name="borrowed"/> false: the caller disposes it), or
    /// one kept and refreshed by the input itself (<paramref name="borrowed"/> true: <see cref="OnnxBatch"/> inputs).</summary>
    internal virtual OrtValue AcquireValue(out bool borrowed)
    {
        borrowed = false;
        return CreateValue();
    }

    /// <summary>Sets every element of the string tensor <paramref name="value"/> (exactly that many elements) from
    /// <paramref name="values"/>; ORT replaces each element, so a tensor may be refilled for every Run.</summary>
    /// <exception cref="OnnxInputValidationException">An element is null.</exception>
    private protected static void FillStrings(OrtValue value, string name, ReadOnlySpan<string> values)
    {
        for (var i = 0; i < values.Length; i++)
        {
            if (values[i] is null)
            {
                throw new OnnxInputValidationException(name,
                    string.Create(CultureInfo.InvariantCulture, $"Input '{name}' has a null string at index {i}; encode missing categories explicitly."));
            }
        }

        for (var i = 0; i < values.Length; i++)
        {
            value.StringTensorSetElementAt(values[i].AsSpan(), i);
        }
    }

    private sealed class Numeric<T>(string name, OnnxElementType type, ReadOnlyMemory<T> data, long[] shape)
        : OnnxTensorInput(name, type, data.Length, shape)
        where T : unmanaged
    {
        // ORT reads the caller's memory in place (the value pins it until disposed); it never writes inputs.
        internal override OrtValue CreateValue() =>
            OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, MemoryMarshal.AsMemory(data), ShapeArray);
    }

    private sealed class Strings(string name, ReadOnlyMemory<string> data, long[] shape)
        : OnnxTensorInput(name, OnnxElementType.String, data.Length, shape)
    {
        internal override OrtValue CreateValue()
        {
            var value = OrtValue.CreateTensorWithEmptyStrings(OrtAllocator.DefaultInstance, ShapeArray);
            try
            {
                FillStrings(value, Name, data.Span);
                return value;
            }
            catch
            {
                value.Dispose();
                throw;
            }
        }
    }
}
