using Microsoft.ML;
using Microsoft.ML.Data;
using MlOpsPortal.Engines.Features;

namespace MlOpsPortal.Engines.MlNet;

/// <summary>
/// A trained ML.NET model (preprocessing + predictor) on the encoded features of a <see cref="FeaturePipeline"/>.
/// Predictions have the layout of <c>XGBoostModel.PredictValues</c>: binary P(positive) per row, multiclass row-major class
/// probabilities, regression the value. Saved as ML.NET's own zip (<see cref="Save"/>) and exported to ONNX by ML.NET's converter.
/// </summary>
public sealed class MlNetModel
{
    /// <summary>ML.NET's ONNX converter supports opsets up to 12.</summary>
    public const int OnnxOpset = 12;

    private readonly MLContext _ml;

    internal MlNetModel(MLContext ml, ITransformer transformer, IReadOnlyList<string> featureNames, MlNetTrainingOptions options)
    {
        _ml = ml;
        Transformer = transformer;
        FeatureNames = featureNames;
        Options = options;
    }

    public IReadOnlyList<string> FeatureNames { get; }

    /// <summary>Algorithm, task, class count and the hyperparameters it was trained with.</summary>
    public MlNetTrainingOptions Options { get; }

    /// <summary>ML.NET's transformer chain (missing-value replacement, normalization for linear trainers, predictor, calibrator).</summary>
    public ITransformer Transformer { get; }

    internal MLContext Context => _ml;

    /// <summary>Loads a model saved with <see cref="Save"/>.</summary>
    public static MlNetModel Load(byte[] zip, IReadOnlyList<string> featureNames, MlNetTrainingOptions options)
    {
        ArgumentNullException.ThrowIfNull(zip);
        ArgumentNullException.ThrowIfNull(featureNames);
        ArgumentNullException.ThrowIfNull(options);
        var ml = new MLContext(options.Seed);
        using var stream = new MemoryStream(zip, writable: false);
        var transformer = ml.Model.Load(stream, out _);
        return new MlNetModel(ml, transformer, featureNames, options);
    }

    /// <summary>ML.NET's model zip (<c>MLContext.Model.Save</c>) with the features-only input schema.</summary>
    public byte[] Save()
    {
        using var stream = new MemoryStream();
        _ml.Model.Save(Transformer, MlNetData.Scoring(_ml, FeatureNames.Count, []).Schema, stream);
        return stream.ToArray();
    }

    /// <summary>Predictions for every row (see the class summary for the layout).</summary>
    public float[] PredictValues(FeatureMatrix features)
    {
        ArgumentNullException.ThrowIfNull(features);
        CheckWidth(features.Columns);
        return Read(Transformer.Transform(MlNetData.Scoring(_ml, features)), features.Rows);
    }

    /// <summary>ML.NET's own ONNX export (<c>ConvertToOnnx</c>, opset <see cref="OnnxOpset"/>): one input <c>Features</c> [N, F].</summary>
    public byte[] ToMlNetOnnx()
    {
        using var stream = new MemoryStream();
        _ml.Model.ConvertToOnnx(Transformer, MlNetData.Scoring(_ml, FeatureNames.Count, [new float[FeatureNames.Count]]), OnnxOpset, stream);
        return stream.ToArray();
    }

    /// <summary>The ML.NET output column the package's probabilities / value come from.</summary>
    internal string OutputColumn => Options.Task == MlNetTask.Binary ? "Probability" : "Score";

    internal float[] Read(IDataView scored, int rows)
    {
        if (Options.Task == MlNetTask.Multiclass)
        {
            var k = Options.ClassCount;
            var result = new float[rows * k];
            var r = 0;
            foreach (var score in scored.GetColumn<VBuffer<float>>(OutputColumn))
            {
                score.DenseValues().ToArray().CopyTo(result, r * k);
                r++;
            }

            return result;
        }

        return scored.GetColumn<float>(OutputColumn).ToArray();
    }

    private void CheckWidth(int columns)
    {
        if (columns != FeatureNames.Count)
        {
            throw new ArgumentException($"The model has {FeatureNames.Count} features; the matrix has {columns}.", nameof(columns));
        }
    }
}
