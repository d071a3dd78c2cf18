using Microsoft.ML;
using Microsoft.ML.Data;
using MlOpsPortal.Engines.Features;
using MlOpsPortal.Engines.MlNet;
using MlOpsPortal.Engines.Packaging;

namespace MlOpsPortal.Bench;

/// <summary>
/// (d) ML.NET LightGBM: our training path (feature pipeline fit and encoding, <see cref="MlNetTrainer"/>, ONNX export spliced
/// into the model package, zip) against ML.NET's own <c>Fit</c> of the same estimator chain on the same encoded matrix.
/// </summary>
internal static class MlNetBench
{
    public const double TargetRatio = 1.15;

    public static void Run(BenchOptions options, AdultData data, BenchReport report, CancellationToken cancellationToken)
    {
        report.Heading(3, "(d) ML.NET LightGBM: our training path vs ML.NET's own Fit");
        var repeats = options.Quick ? 3 : 5;
        var trainOptions = new MlNetTrainingOptions { Algorithm = MlNetAlgorithm.LightGbm, Task = MlNetTask.Binary, ThreadCount = options.Threads };
        var builder = new ModelPackageBuilder(TimeProvider.System);
        var ours = new List<double>();
        var raw = new List<double>();
        for (var i = 0; i < repeats; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            BenchReport.Progress($"ML.NET LightGBM run {i + 1}/{repeats}");
            void Ours()
            {
                var pipeline = FeaturePipeline.Fit(data.Schema, data.Train, new FeaturePipelineOptions { UnseenCategories = UnseenCategoryPolicy.TreatAsMissing }, cancellationToken);
                var model = MlNetTrainer.Train(pipeline.Transform(data.Train, cancellationToken), data.TrainLabels, null, trainOptions, null, cancellationToken);
                _ = ModelPackageStore.ToZip(builder.Build(pipeline, model, data.Labels, new PackageProvenance(null, null)));
            }

            void Raw()
            {
                var ml = new MLContext(0);
                var schema = SchemaDefinition.Create(typeof(MlNetRow));
                schema[MlNetRow.FeaturesColumn].ColumnType = new VectorDataViewType(NumberDataViewType.Single, data.TrainFeatures.Columns);
                var rows = Enumerable.Range(0, data.TrainFeatures.Rows)
                    .Select(r => new MlNetRow { Features = data.TrainFeatures.Row(r).ToArray(), BinaryLabel = data.TrainLabels[r] > 0.5f }).ToArray();
                var view = ml.Data.LoadFromEnumerable(rows, schema);
                _ = ml.Transforms.ReplaceMissingValues(MlNetRow.FeaturesColumn)
                    .Append(ml.BinaryClassification.Trainers.LightGbm(new Microsoft.ML.Trainers.LightGbm.LightGbmBinaryTrainer.Options
                    {
                        LabelColumnName = MlNetRow.BinaryLabelColumn, FeatureColumnName = MlNetRow.FeaturesColumn, NumberOfIterations = 100, NumberOfThreads = options.Threads,
                    }))
                    .Fit(view);
            }

            // Alternate the order so that neither side always runs on a warmer machine.
            if (i % 2 == 0)
            {
                ours.Add(Measure.Seconds(Ours));
                raw.Add(Measure.Seconds(Raw));
            }
            else
            {
                raw.Add(Measure.Seconds(Raw));
                ours.Add(Measure.Seconds(Ours));
            }
        }

        var ratio = Measure.Median(ours) / Measure.Median(raw);
        report.Table(["run", "median s", "runs (s)"],
        [
            ["ours: pipeline fit + encode + MlNetTrainer (LightGbm, 100 iterations) + ONNX export + package zip", BenchReport.F(Measure.Median(ours), "F3"), string.Join(", ", ours.Select(r => BenchReport.F(r, "F2")))],
            ["ML.NET's own Fit (ReplaceMissingValues + LightGbm, 100 iterations) on the encoded matrix", BenchReport.F(Measure.Median(raw), "F3"), string.Join(", ", raw.Select(r => BenchReport.F(r, "F2")))],
        ]);
        var verdict = report.Target("(d) ML.NET LightGBM training ours/Fit ≤ 1.15", BenchReport.F(ratio, "F3"), ratio <= TargetRatio);
        report.Table(["measure", "value", "target"], [["ratio ours / ML.NET Fit (median wall time)", BenchReport.F(ratio, "F3"), $"≤ {BenchReport.F(TargetRatio, "F2")} {verdict}"]]);
    }
}
