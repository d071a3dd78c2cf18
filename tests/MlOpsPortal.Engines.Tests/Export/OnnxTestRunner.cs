using MlOpsPortal.Engines.Features;
using MlOpsPortal.Engines.Onnx;

namespace MlOpsPortal.Engines.Tests.Export;

/// <summary>Feeds raw columns to an ONNX file through ONNX Runtime only (no pipeline, no XGBoost).</summary>
public static class OnnxTestRunner
{
    private static readonly Lazy<OnnxRuntimeEngine> Engine = new(() => OnnxRuntimeEngine.Load());

    public static OnnxModelSession Open(byte[] model) => Engine.Value.CreateSession(model);

    /// <summary>Runs <paramref name="model"/> on every row of <paramref name="frame"/>; missing categories are sent as "".</summary>
    public static OnnxOutputs Run(OnnxModelSession session, TabularSchema schema, TabularFrame frame)
    {
        var inputs = schema.Columns.Select(c => c.Kind == ColumnKind.Numeric
            ? OnnxTensorInput.FromFloats(c.Name, frame.Numeric(c.Name), frame.RowCount, 1)
            : OnnxTensorInput.FromStrings(c.Name, frame.Categorical(c.Name).Select(v => v ?? string.Empty).ToArray(), frame.RowCount, 1)).ToArray();
        return session.Run(inputs);
    }

    public static float MaxAbsDifference(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        if (a.Length != b.Length)
        {
            throw new ArgumentException($"Lengths differ: {a.Length} vs {b.Length}.", nameof(b));
        }

        var max = 0f;
        for (var i = 0; i < a.Length; i++)
        {
            max = Math.Max(max, Math.Abs(a[i] - b[i]));
        }

        return max;
    }
}
