using MlOpsPortal.Engines.Onnx;

namespace MlOpsPortal.Bench;

/// <summary>(b) Rows/s through the inference service (InferenceService + OnnxBatch) vs raw ORT Run calls on
/// prebuilt inputs (OnnxRawRunner), same session, same rows.</summary>
internal static class InferenceBench
{
    public const double TargetRatio = 0.90;
    public const double TargetAddedMicroseconds = 2.0;

    public static void Run(BenchOptions options, AdultData data, InferenceService service, OnnxSessionLease lease, BenchReport report, CancellationToken cancellationToken)
    {
        report.Heading(3, "(b) Inference: service path vs raw ORT");
        var windows = options.Quick ? 3 : 9;
        var window = TimeSpan.FromMilliseconds(options.Quick ? 150 : 400);
        var rows = new List<IReadOnlyList<string>>();
        foreach (var batchSize in new[] { 1, 64, 4096 })
        {
            BenchReport.Progress($"inference at batch {batchSize}");
            var columns = new RawColumns(data.Schema, data.Test, batchSize);
            using var raw = new OnnxRawRunner(lease.Session, columns.ToInputs());
            var (rawTimes, serviceTimes) = Measure.Alternate(
                raw.Run,
                () => columns.RunThrough(service, lease),
                windows, window, cancellationToken);
            var rawCall = Measure.Median(rawTimes);
            var serviceCall = Measure.Median(serviceTimes);
            var ratio = rawCall / serviceCall;
            var addedMicros = (serviceCall - rawCall) * 1e6;
            string target;
            if (batchSize == 1)
            {
                target = $"≤ {BenchReport.F(TargetAddedMicroseconds, "F0")} µs added: "
                    + report.Target("(b) batch 1: µs added per call ≤ 2", BenchReport.F(addedMicros, "F2") + " µs", addedMicros <= TargetAddedMicroseconds);
            }
            else
            {
                target = $"≥ {BenchReport.F(TargetRatio, "F2")}: "
                    + report.Target($"(b) batch {batchSize}: service/raw rows/s ≥ 0.90", BenchReport.F(ratio, "F3"), ratio >= TargetRatio);
            }

            rows.Add(
            [
                batchSize.ToString(System.Globalization.CultureInfo.InvariantCulture),
                BenchReport.Rate(batchSize / rawCall),
                BenchReport.Rate(batchSize / serviceCall),
                BenchReport.F(ratio, "F3"),
                BenchReport.F(rawCall * 1e6, "F2"),
                BenchReport.F(serviceCall * 1e6, "F2"),
                BenchReport.F(addedMicros, "F2"),
                target,
            ]);
        }

        report.Table(["batch", "raw ORT rows/s", "service rows/s", "service/raw", "raw µs/call", "service µs/call", "added µs/call", "target"], rows);
        report.Line($"Model: Adult, {data.Pipeline.Columns.Count} raw input columns (6 float, 8 string), 200 trees of depth ≤ 6, "
            + $"ORT CPU provider, {options.Threads} intra-op threads. Per-call times, interleaved call by call after a warm-up "
            + $"window; median per window, median of {windows} windows of {window.TotalMilliseconds:F0} ms. Raw ORT: `InferenceSession.Run` (official managed API) on OrtValues built once (no validation, outputs left in ORT). "
            + "Service: rent an `OnnxBatch`, copy the rows into its pinned buffers, `InferenceService.Run` (validates names/types/shapes, "
            + "reuses the batch's kept native tensors, copies the string columns into them as UTF-8, copies the outputs to managed arrays).");
    }
}
