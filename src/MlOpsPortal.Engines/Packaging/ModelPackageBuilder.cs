using MlOpsPortal.Engines.Export;
using MlOpsPortal.Engines.Features;
using MlOpsPortal.Engines.MlNet;
using MlOpsPortal.Engines.XGBoost;

namespace MlOpsPortal.Engines.Packaging;

/// <summary>Where a package came from; written to metadata.json.</summary>
public sealed record PackageProvenance(string? TrainingRunId, string? DatasetVersion, IReadOnlyDictionary<string, string>? Properties = null);

/// <summary>Builds a <see cref="ModelPackage"/> from a model trained here (exports ONNX, derives signature and metadata).</summary>
public sealed class ModelPackageBuilder(TimeProvider timeProvider)
{
    /// <param name="labels">Class labels for classifiers (null for regression, or to use class indices as labels).</param>
    public ModelPackage Build(FeaturePipeline pipeline, XGBoostModel model, ClassLabelMap? labels, PackageProvenance provenance)
    {
        ArgumentNullException.ThrowIfNull(pipeline);
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(provenance);
        var nativeModel = model.ToJson();
        var classLabels = model.Info.Objective == XGBoostObjective.RegSquaredError
            ? null
            : labels?.ClassLabels ?? Enumerable.Range(0, model.ClassCount).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        if (classLabels is not null && classLabels.Count != model.ClassCount)
        {
            throw new ArgumentException($"{classLabels.Count} class labels for a model with {model.ClassCount} classes.", nameof(labels));
        }

        var positive = model.Info.Objective == XGBoostObjective.BinaryLogistic ? labels?.PositiveClass ?? classLabels![1] : null;
        var metadataProps = new Dictionary<string, string>(StringComparer.Ordinal);
        if (provenance.TrainingRunId is not null)
        {
            metadataProps["mlops.training_run_id"] = provenance.TrainingRunId;
        }

        var onnx = OnnxExporter.Export(pipeline, nativeModel, new OnnxExportOptions { ClassLabels = classLabels, PositiveClass = positive, Metadata = metadataProps });
        var task = model.Info.Objective switch
        {
            XGBoostObjective.BinaryLogistic => ModelTask.BinaryClassification,
            XGBoostObjective.MultiSoftprob => ModelTask.MulticlassClassification,
            _ => ModelTask.Regression,
        };
        var engines = Engines("17");
        engines["xgboost"] = model.Info.XGBoostVersion?.ToString() ?? XGBoostNative.Version.ToString();
        var metadata = new ModelMetadata(provenance.TrainingRunId, provenance.DatasetVersion, engines, timeProvider.GetUtcNow(), provenance.Properties);
        return new ModelPackage(onnx, Signature(task, pipeline, classLabels, positive), metadata, nativeModel, pipeline);
    }

    /// <summary>
    /// Packages an ML.NET model: model.onnx from ML.NET's converter spliced behind our preprocessing (same inputs and outputs
    /// as an XGBoost package), model.mlnet.zip, pipeline.json; the algorithm, trainer and task are metadata properties
    /// <c>mlnet.algorithm</c>, <c>mlnet.trainer</c>, <c>mlnet.task</c>, <c>mlnet.classCount</c>.
    /// </summary>
    public ModelPackage Build(FeaturePipeline pipeline, MlNetModel model, ClassLabelMap? labels, PackageProvenance provenance)
    {
        ArgumentNullException.ThrowIfNull(pipeline);
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(provenance);
        var task = model.Options.Task switch
        {
            MlNetTask.Binary => ModelTask.BinaryClassification,
            MlNetTask.Multiclass => ModelTask.MulticlassClassification,
            _ => ModelTask.Regression,
        };
        var classCount = model.Options.Task == MlNetTask.Binary ? 2 : model.Options.ClassCount;
        var classLabels = task == ModelTask.Regression
            ? null
            : labels?.ClassLabels ?? Enumerable.Range(0, classCount).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        if (classLabels is not null && classLabels.Count != classCount)
        {
            throw new ArgumentException($"{classLabels.Count} class labels for a model with {classCount} classes.", nameof(labels));
        }

        var positive = task == ModelTask.BinaryClassification ? labels?.PositiveClass ?? classLabels![1] : null;
        var metadataProps = new Dictionary<string, string>(StringComparer.Ordinal);
        if (provenance.TrainingRunId is not null)
        {
            metadataProps["mlops.training_run_id"] = provenance.TrainingRunId;
        }

        var onnx = MlNetOnnxExporter.Export(pipeline, model, new OnnxExportOptions { ClassLabels = classLabels, PositiveClass = positive, Metadata = metadataProps });
        var engines = Engines(MlNetModel.OnnxOpset.ToString(System.Globalization.CultureInfo.InvariantCulture));
        engines["mlnet"] = typeof(Microsoft.ML.MLContext).Assembly.GetName().Version?.ToString() ?? "6";
        var properties = new Dictionary<string, string>(provenance.Properties ?? new Dictionary<string, string>(), StringComparer.Ordinal)
        {
            [MlNetAlgorithmProperty] = model.Options.Algorithm.ToString(),
            [MlNetTrainerProperty] = MlNetTrainingOptions.TrainerName(model.Options.Algorithm, model.Options.Task)!,
            [MlNetTaskProperty] = model.Options.Task.ToString(),
            [MlNetClassCountProperty] = classCount.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        var metadata = new ModelMetadata(provenance.TrainingRunId, provenance.DatasetVersion, engines, timeProvider.GetUtcNow(), properties);
        return new ModelPackage(onnx, Signature(task, pipeline, classLabels, positive), metadata, null, pipeline, model.Save());
    }

    public const string MlNetAlgorithmProperty = "mlnet.algorithm";
    public const string MlNetTrainerProperty = "mlnet.trainer";
    public const string MlNetTaskProperty = "mlnet.task";
    public const string MlNetClassCountProperty = "mlnet.classCount";

    /// <summary>The ML.NET model of a package built by <see cref="Build(FeaturePipeline, MlNetModel, ClassLabelMap?, PackageProvenance)"/>, or null.</summary>
    public static MlNetModel? LoadMlNet(ModelPackage package)
    {
        ArgumentNullException.ThrowIfNull(package);
        var properties = package.Metadata.Properties;
        if (package.MlNetModel is null || package.Pipeline is null || properties is null
            || !Enum.TryParse<MlNetAlgorithm>(properties.GetValueOrDefault(MlNetAlgorithmProperty), out var algorithm)
            || !Enum.TryParse<MlNetTask>(properties.GetValueOrDefault(MlNetTaskProperty), out var task))
        {
            return null;
        }

        var classes = int.TryParse(properties.GetValueOrDefault(MlNetClassCountProperty), System.Globalization.CultureInfo.InvariantCulture, out var c) ? c : 2;
        return MlNetModel.Load(package.MlNetModel, package.Pipeline.FeatureNames, new MlNetTrainingOptions { Algorithm = algorithm, Task = task, ClassCount = classes });
    }

    private static ModelSignature Signature(ModelTask task, FeaturePipeline pipeline, IReadOnlyList<string>? classLabels, string? positive) => new(
        task,
        pipeline.Columns.Select(c => c.Kind == ColumnKind.Numeric
            ? new SignatureInput(c.Name, "float", [null, 1], "numeric")
            : new SignatureInput(c.Name, "string", [null, 1], "categorical", c.Categories, pipeline.Options.UnseenCategories.ToString())).ToArray(),
        classLabels is null
            ? [new SignatureOutput(OnnxExporter.RegressionOutput, "float", [null, 1], "Predicted value.")]
            :
            [
                new SignatureOutput(OnnxExporter.LabelOutput, "int64", [null], "Predicted class index into classLabels."),
                new SignatureOutput(OnnxExporter.ProbabilitiesOutput, "float", [null, classLabels.Count], "Class probabilities in classLabels order."),
            ],
        classLabels,
        positive);

    private static Dictionary<string, string> Engines(string opset) => new(StringComparer.Ordinal)
    {
        ["onnx.ir_version"] = "8",
        ["onnx.opset"] = opset,
        ["onnx.ai.onnx.ml.opset"] = "3",
        ["mlops.engines"] = typeof(ModelPackageBuilder).Assembly.GetName().Version?.ToString() ?? "0",
    };
}
