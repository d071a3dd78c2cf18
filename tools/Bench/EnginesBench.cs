using System.Security.Cryptography;
using MlOpsPortal.Engines.Export;
using MlOpsPortal.Engines.Onnx;

namespace MlOpsPortal.Bench;

/// <summary>Section "Engines": (a) training, (b) inference service vs raw ORT, (c) ONNX vs XGBoost predictor,
/// (d) ML.NET LightGBM training ours vs ML.NET's Fit, all on UCI Adult in this one process.</summary>
internal static class EnginesBench
{
    /// <returns>0, or 1 when the benchmark could not run in full (data or CLI missing).</returns>
    public static int Run(BenchOptions options, BenchReport report, CancellationToken cancellationToken)
    {
        report.Heading(2, "Engines");
        BenchReport.Progress("loading UCI Adult from " + options.AdultDirectory);
        var data = AdultData.TryLoad(options.AdultDirectory, out var problem);
        if (data is null)
        {
            report.Line("**Not run:** " + problem);
            Console.Error.WriteLine("bench: " + problem);
            return 1;
        }

        report.Line($"Data: UCI Adult from `{options.AdultDirectory}`: adult.data {data.Train.RowCount} rows (training), "
            + $"adult.test {data.Test.RowCount} rows (inference); {data.TrainFeatures.Columns} encoded features.");
        var exitCode = 0;
        using var model = TrainingBench.Run(options, data, report, ref exitCode, cancellationToken);

        var onnx = OnnxExporter.Export(data.Pipeline, model, new OnnxExportOptions { ClassLabels = data.Labels.ClassLabels, PositiveClass = data.Labels.PositiveClass });
        using var service = InferenceService.Create(new OnnxRuntimeOptions
        {
            ExecutionProvider = ExecutionProvider.Cpu,
            IntraOpThreads = options.Threads,
            InterOpThreads = 1,
        });
        using var lease = service.Acquire(Convert.ToHexStringLower(SHA256.HashData(onnx)), onnx);
        InferenceBench.Run(options, data, service, lease, report, cancellationToken);
        PredictorBench.Run(options, data, model, service, lease, report, cancellationToken);
        MlNetBench.Run(options, data, report, cancellationToken);
        return exitCode;
    }
}
