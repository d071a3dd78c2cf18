using System.Text.Json;
using MlOpsPortal.Engines.Features;
using MlOpsPortal.Engines.MlNet;

namespace MlOpsPortal.Engines.Export;

/// <summary>
/// Exports feature pipeline + ML.NET model as one ONNX graph on the raw input columns, with the same inputs and outputs as an
/// XGBoost export (see <see cref="OnnxExporter"/>). ML.NET's <c>ConvertToOnnx</c> (opset 12) gives a graph on one
/// <c>Features</c> [N, F] input; that graph is spliced in after our preprocessing: its input becomes our <c>features</c>
/// tensor, its other names get a private prefix, and only the nodes its probability / score output needs are kept (the
/// pass-through copies of its input columns are dropped). Then: binary <c>probabilities</c> = [1 − p, p],
/// multiclass = ML.NET's score vector (class probabilities in class-index order), <c>label</c> = ArgMax;
/// regression <c>variable</c> = the score.
/// </summary>
public static class MlNetOnnxExporter
{
    private const string Prefix = "__mlnet_";

    public static byte[] Export(FeaturePipeline pipeline, MlNetModel model, OnnxExportOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(pipeline);
        ArgumentNullException.ThrowIfNull(model);
        options ??= new OnnxExportOptions();
        if (model.FeatureNames.Count != pipeline.FeatureNames.Count)
        {
            throw new ArgumentException($"The model has {model.FeatureNames.Count} features; the pipeline produces {pipeline.FeatureNames.Count}.", nameof(model));
        }

        var foreign = ForeignOnnxGraph.Parse(model.ToMlNetOnnx());
        var source = foreign.Outputs.FirstOrDefault(o => o == model.OutputColumn || o.StartsWith(model.OutputColumn + ".", StringComparison.Ordinal))
            ?? throw new InvalidDataException($"ML.NET's ONNX export has no '{model.OutputColumn}' output (outputs: {string.Join(", ", foreign.Outputs)}).");
        var featuresInput = foreign.Inputs.FirstOrDefault(i => i == MlNetRow.FeaturesColumn)
            ?? throw new InvalidDataException($"ML.NET's ONNX export has no '{MlNetRow.FeaturesColumn}' input.");

        var graph = new GraphBuilder();
        var inputs = pipeline.Columns
            .Select(c => new GraphValueInfo(c.Name, c.Kind == ColumnKind.Numeric ? OnnxElementType.Float : OnnxElementType.String, [OnnxDim.Named(OnnxExporter.BatchDimension), OnnxDim.Of(1)]))
            .ToArray();
        var features = PreprocessingGraph.Build(graph, pipeline);
        string Rename(string name) => name == featuresInput ? features : Prefix + name;
        var (nodes, initializers) = foreign.Needed([source]);
        foreach (var node in nodes)
        {
            graph.Nodes.Add(new OnnxNode(node.OpType, string.Empty, string.Empty, [], [], []) { Encoded = ForeignOnnxGraph.RenameNode(node, Rename) });
        }

        foreach (var (name, encoded) in initializers)
        {
            graph.Initializers.Add(new OnnxTensor(Prefix + name, OnnxElementType.Float, []) { Encoded = ForeignOnnxGraph.RenameTensor(encoded, Prefix + name) });
        }

        var score = Rename(source);
        var n = OnnxDim.Named(OnnxExporter.BatchDimension);
        GraphValueInfo[] outputs;
        switch (model.Options.Task)
        {
            case MlNetTask.Regression:
                graph.AddWithOutputs("Identity", string.Empty, [score], [OnnxExporter.RegressionOutput]);
                outputs = [new GraphValueInfo(OnnxExporter.RegressionOutput, OnnxElementType.Float, [n, OnnxDim.Of(1)])];
                break;
            case MlNetTask.Binary:
                var one = graph.Constant("one", [1], [1f]);
                var negative = graph.Add("Sub", string.Empty, [one, score], "negative");
                graph.AddWithOutputs("Concat", string.Empty, [negative, score], [OnnxExporter.ProbabilitiesOutput], OnnxAttribute.Int("axis", 1));
                graph.AddWithOutputs("ArgMax", string.Empty, [OnnxExporter.ProbabilitiesOutput], [OnnxExporter.LabelOutput], OnnxAttribute.Int("axis", 1), OnnxAttribute.Int("keepdims", 0));
                outputs = Classifier(n, 2);
                break;
            default:
                graph.AddWithOutputs("Identity", string.Empty, [score], [OnnxExporter.ProbabilitiesOutput]);
                graph.AddWithOutputs("ArgMax", string.Empty, [OnnxExporter.ProbabilitiesOutput], [OnnxExporter.LabelOutput], OnnxAttribute.Int("axis", 1), OnnxAttribute.Int("keepdims", 0));
                outputs = Classifier(n, model.Options.ClassCount);
                break;
        }

        var metadata = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["mlops.objective"] = $"mlnet:{MlNetTrainingOptions.TrainerName(model.Options.Algorithm, model.Options.Task)}",
            ["mlops.feature_names"] = JsonSerializer.Serialize(pipeline.FeatureNames),
        };
        if (options.ClassLabels is not null)
        {
            metadata["mlops.class_labels"] = JsonSerializer.Serialize(options.ClassLabels);
        }

        if (options.PositiveClass is not null)
        {
            metadata["mlops.positive_class"] = options.PositiveClass;
        }

        foreach (var (key, value) in options.Metadata ?? new Dictionary<string, string>())
        {
            metadata[key] = value;
        }

        var opsets = new Dictionary<string, long>(foreign.Opsets, StringComparer.Ordinal)
        {
            [string.Empty] = MlNetModel.OnnxOpset,
            [OnnxExporter.MlDomain] = Math.Max(3, foreign.Opsets.GetValueOrDefault(OnnxExporter.MlDomain)),
        };
        var definition = new OnnxModelDefinition(
            options.GraphName, graph.Nodes, graph.Initializers, inputs, outputs, opsets, metadata, "MlOpsPortal",
            typeof(MlNetOnnxExporter).Assembly.GetName().Version?.ToString() ?? "0");
        return OnnxProtoWriter.Write(definition);
    }

    private static GraphValueInfo[] Classifier(OnnxDim n, int classes) =>
    [
        new GraphValueInfo(OnnxExporter.LabelOutput, OnnxElementType.Int64, [n]),
        new GraphValueInfo(OnnxExporter.ProbabilitiesOutput, OnnxElementType.Float, [n, OnnxDim.Of(classes)]),
    ];
}
