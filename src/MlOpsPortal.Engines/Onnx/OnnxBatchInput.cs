using Microsoft.ML.OnnxRuntime;

namespace MlOpsPortal.Engines.Onnx;

/// <summary>
/// A column block of an <see cref="OnnxBatch"/>. Its OrtValue is created on first use and kept while the block
/// keeps its buffer and shape: a numeric tensor points at the batch's pinned buffer (ORT reads the caller's latest
/// values in place), a string tensor is refilled from the buffer for every Run. So a pooled batch costs no native
/// tensor creation or release per call, only the copy of the strings that any caller with new rows pays.
/// </summary>
/// <remarks>Not thread-safe, like its batch: one Run at a time. The session still validates the input (name,
/// type, shape) on every Run, and strings are checked for null on every refill.</remarks>
internal abstract class OnnxBatchInput : OnnxTensorInput, IDisposable
{
    private OrtValue? _value;

    private protected OnnxBatchInput(string name, OnnxElementType elementType, Array buffer, int rows, int columns)
        : base(name, elementType, (long)rows * columns, [rows, columns])
    {
        Buffer = buffer;
        Rows = rows;
        Columns = columns;
    }

    public Array Buffer { get; }

    public int Rows { get; }

    public int Columns { get; }

    protected int Length => Rows * Columns;

    public bool Matches(Array buffer, OnnxElementType elementType, int rows, int columns) =>
        ReferenceEquals(Buffer, buffer) && ElementType == elementType && Rows == rows && Columns == columns;

    internal override OrtValue AcquireValue(out bool borrowed)
    {
        _value ??= Create();
        Refresh(_value);
        borrowed = true;
        return _value;
    }

    /// <summary>A fresh value owned by the caller (the raw runner uses this).</summary>
    internal override OrtValue CreateValue()
    {
        var value = Create();
        try
        {
            Refresh(value);
            return value;
        }
        catch
        {
            value.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        _value?.Dispose();
        _value = null;
    }

    /// <summary>Creates the native tensor of shape [Rows, Columns].</summary>
    protected abstract OrtValue Create();

    /// <summary>Brings the native tensor up to date with the buffer before a Run.</summary>
    protected virtual void Refresh(OrtValue value)
    {
    }
}

/// <summary>A numeric block: the tensor wraps the pinned buffer itself (no copy, nothing to refresh).</summary>
internal sealed class OnnxBatchNumericInput<T>(string name, OnnxElementType elementType, T[] buffer, int rows, int columns)
    : OnnxBatchInput(name, elementType, buffer, rows, columns)
    where T : unmanaged
{
    // The buffer lives on the pinned object heap (OnnxBatch allocates it with pinned: true) and the batch holds it
    // for longer than this value, which reads it in place.
    protected override OrtValue Create() =>
        OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, new Memory<T>((T[])Buffer, 0, Length), ShapeArray);
}

/// <summary>A string block: a string tensor created once and refilled (UTF-8 copy) before every Run.</summary>
internal sealed class OnnxBatchStringInput(string name, string[] buffer, int rows, int columns)
    : OnnxBatchInput(name, OnnxElementType.String, buffer, rows, columns)
{
    protected override OrtValue Create() => OrtValue.CreateTensorWithEmptyStrings(OrtAllocator.DefaultInstance, ShapeArray);

    protected override void Refresh(OrtValue value) => FillStrings(value, Name, ((string[])Buffer).AsSpan(0, Length));
}
