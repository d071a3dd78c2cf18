using System.Diagnostics;
using System.Globalization;
using MlOpsPortal.Engines.Export;
using MlOpsPortal.Engines.Features;
using MlOpsPortal.Engines.Onnx;
using MlOpsPortal.Engines.XGBoost;

namespace MlOpsPortal.Web.Hosting;

/// <summary>
/// <c>./mlops gpu-check</c> (or <c>dotnet MlOpsPortal.Web.dll gpu-check</c> in a publish folder, which carries the
/// CUDA provider): trains the bundled Adult model with the documented defaults, exports it to ONNX, scores adult.test
/// on the CPU and on CUDA, and prints the provider each session actually uses, max |Δp| between them (≤ 1e-5) and
/// rows/s at batch 1, 64 and 4096. Exit code 0: CUDA works and agrees with the CPU; 2: CUDA is not available (the
/// reason names the missing CUDA 13 / cuDNN 9 libraries; the CPU figures are still printed); 1: the results differ
/// or the check could not run.
/// </summary>
public static class GpuCheck
{
    public const double MaxDifference = 1e-5;
    private static readonly int[] BatchSizes = [1, 64, 4096];

    public static int Run(string sampleDirectory, TextWriter output, TimeSpan measureWindow)
    {
        ArgumentNullException.ThrowIfNull(output);
        var engine = OnnxRuntimeEngine.Load();
        output.WriteLine($"ONNX Runtime {engine.Version} ({engine.LibraryPath}); built-in providers: {string.Join(", ", engine.AvailableProviders)}");
        var sample = AdultSample.TryLoad(sampleDirectory, out var problem);
        if (sample is null)
        {
            output.WriteLine("gpu-check cannot run: " + problem);
            return 1;
        }

        var started = Stopwatch.GetTimestamp();
        var onnx = sample.TrainAndExport();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Adult model: XGBoost, documented defaults, trained on {sample.Train.RowCount} rows and exported to ONNX in {Stopwatch.GetElapsedTime(started).TotalSeconds:F1} s; scoring adult.test ({sample.Test.RowCount} rows)."));

        var (cpu, cpuPlacement) = Open(engine, onnx, ExecutionProvider.Cpu);
        OnnxModelSession? cuda = null;
        IReadOnlyList<string> cudaPlacement = [];
        string? cudaProblem = null;
        try
        {
            (cuda, cudaPlacement) = Open(engine, onnx, ExecutionProvider.Cuda);
        }
        catch (OnnxRuntimeException ex)
        {
            cudaProblem = ex.Message;
        }

        using var cpuSession = cpu;
        PrintPlacement(output, "Cpu", cpu, cpuPlacement);
        if (cuda is not null)
        {
            PrintPlacement(output, "Cuda", cuda, cudaPlacement);
        }

        try
        {
            var cpuScores = sample.ScoreAll(cpu);
            var rows = new List<string[]>();
            rows.AddRange(BatchSizes.Select(b => Row("Cpu", cpu, b, sample.Measure(cpu, b, measureWindow))));
            var exitCode = 2;
            var delta = double.NaN;
            if (cuda is not null)
            {
                var cudaScores = sample.ScoreAll(cuda);
                delta = MaxAbsDifference(cpuScores, cudaScores);
                rows.AddRange(BatchSizes.Select(b => Row("Cuda", cuda, b, sample.Measure(cuda, b, measureWindow))));
                exitCode = delta <= MaxDifference ? 0 : 1;
            }

            output.WriteLine();
            output.WriteLine("| provider requested | provider used | batch | rows/s |");
            output.WriteLine("|---|---|---:|---:|");
            foreach (var row in rows)
            {
                output.WriteLine($"| {string.Join(" | ", row)} |");
            }

            output.WriteLine();
            if (cuda is null)
            {
                output.WriteLine("CUDA is not available on this machine, so only the CPU figures above were measured.");
                output.WriteLine("Why: " + cudaProblem);
                output.WriteLine("gpu-check FAILED: CUDA not available (exit code 2).");
            }
            else
            {
                output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"max |Δp| CPU vs CUDA over {sample.Test.RowCount} rows: {delta:E2} (target ≤ {MaxDifference:E0})"));
                output.WriteLine(exitCode == 0 ? "gpu-check OK: CUDA runs the Adult model and agrees with the CPU." : "gpu-check FAILED: CUDA and CPU probabilities differ by more than 1e-5 (exit code 1).");
            }

            return exitCode;
        }
        finally
        {
            cuda?.Dispose();
        }
    }

    /// <summary>A session with ORT's verbose log on, keeping the lines that say where the nodes were placed.</summary>
    private static (OnnxModelSession Session, IReadOnlyList<string> Placement) Open(OnnxRuntimeEngine engine, byte[] onnx, ExecutionProvider provider)
    {
        var lines = new List<string>();
        using (OnnxRuntimeEngine.TapOrtLog(line =>
        {
            if (line.Contains("placed on [", StringComparison.Ordinal) || line.Contains("Node(s) placed", StringComparison.Ordinal))
            {
                lock (lines)
                {
                    lines.Add(line.Trim());
                }
            }
        }))
        {
            var session = engine.CreateSession(onnx, new OnnxRuntimeOptions { ExecutionProvider = provider, VerboseLog = true });
            return (session, lines);
        }
    }

    private static void PrintPlacement(TextWriter output, string requested, OnnxModelSession session, IReadOnlyList<string> placement)
    {
        output.WriteLine($"{requested} session: registered provider {session.ExecutionProvider}; ORT's node placement: "
            + (placement.Count == 0 ? "(not reported by this ORT build)" : string.Join(" / ", placement)));
    }

    private static string[] Row(string requested, OnnxModelSession session, int batch, double rowsPerSecond) =>
    [
        requested,
        session.ExecutionProvider,
        batch.ToString(CultureInfo.InvariantCulture),
        rowsPerSecond.ToString("N0", CultureInfo.InvariantCulture),
    ];

    internal static double MaxAbsDifference(float[] a, float[] b)
    {
        var max = 0d;
        for (var i = 0; i < a.Length; i++)
        {
            max = Math.Max(max, Math.Abs((double)a[i] - b[i]));
        }

        return max;
    }
}

/// <summary>UCI Adult from the bundled sample files (no header, ", " separated, "?" missing), trained the way a
/// training job trains it: fitted feature pipeline, XGBoost with the documented defaults, ONNX export with the raw
/// columns as inputs.</summary>
internal sealed class AdultSample
{
    private static readonly string[] Columns =
    [
        "age", "workclass", "fnlwgt", "education", "education-num", "marital-status", "occupation",
        "relationship", "race", "sex", "capital-gain", "capital-loss", "hours-per-week", "native-country",
    ];

    private static readonly HashSet<string> NumericColumns = ["age", "fnlwgt", "education-num", "capital-gain", "capital-loss", "hours-per-week"];

    private readonly string?[] _trainLabels;

    private AdultSample(TabularSchema schema, TabularFrame train, string?[] trainLabels, TabularFrame test)
    {
        Schema = schema;
        Train = train;
        Test = test;
        _trainLabels = trainLabels;
    }

    public TabularSchema Schema { get; }

    public TabularFrame Train { get; }

    public TabularFrame Test { get; }

    public static AdultSample? TryLoad(string directory, out string? problem)
    {
        var paths = new[] { Path.Combine(directory, "adult.data"), Path.Combine(directory, "adult.test") };
        var missing = paths.Where(p => !File.Exists(p)).ToArray();
        if (missing.Length > 0)
        {
            problem = $"the bundled Adult sample is missing ({string.Join(", ", missing)}).";
            return null;
        }

        problem = null;
        var schema = new TabularSchema([.. Columns.Select(c => new TabularColumn(c, NumericColumns.Contains(c) ? ColumnKind.Numeric : ColumnKind.Categorical))]);
        var (train, trainLabels) = Read(schema, paths[0]);
        var (test, _) = Read(schema, paths[1]);
        return new AdultSample(schema, train, trainLabels, test);
    }

    public byte[] TrainAndExport()
    {
        var pipeline = FeaturePipeline.Fit(Schema, Train);
        var labels = ClassLabelMap.FitBinary(_trainLabels, ">50K");
        using var model = new XGBoostTrainer().Train(new XGBoostDataset(pipeline.Transform(Train), labels.Encode(_trainLabels)), new XGBoostTrainingOptions());
        return OnnxExporter.Export(pipeline, model, new OnnxExportOptions { ClassLabels = labels.ClassLabels, PositiveClass = labels.PositiveClass });
    }

    /// <summary>P(class) for every row of adult.test, scored in batches of 4096.</summary>
    public float[] ScoreAll(OnnxModelSession session)
    {
        var scores = new List<float>(Test.RowCount * 2);
        for (var start = 0; start < Test.RowCount; start += 4096)
        {
            var rows = Math.Min(4096, Test.RowCount - start);
            scores.AddRange(session.Run(Inputs(start, rows), [OnnxExporter.ProbabilitiesOutput])[0].AsFloats().ToArray());
        }

        return [.. scores];
    }

    /// <summary>Rows/s of <see cref="OnnxModelSession.Run"/> (validation, ORT, output copy) at <paramref name="batch"/>
    /// rows per call: a warm-up, then calls until <paramref name="window"/> has passed (at least 5).</summary>
    public double Measure(OnnxModelSession session, int batch, TimeSpan window)
    {
        var inputs = Inputs(0, Math.Min(batch, Test.RowCount));
        for (var i = 0; i < 3; i++)
        {
            session.Run(inputs);
        }

        var calls = 0;
        var started = Stopwatch.GetTimestamp();
        while (calls < 5 || Stopwatch.GetElapsedTime(started) < window)
        {
            session.Run(inputs);
            calls++;
        }

        return (double)calls * batch / Stopwatch.GetElapsedTime(started).TotalSeconds;
    }

    private OnnxTensorInput[] Inputs(int start, int rows) =>
    [
        .. Schema.Columns.Select(c => c.Kind == ColumnKind.Numeric
            ? OnnxTensorInput.FromFloats(c.Name, Test.Numeric(c.Name).AsMemory(start, rows), rows, 1)
            : OnnxTensorInput.FromStrings(c.Name, Test.Categorical(c.Name).Skip(start).Take(rows).Select(v => v ?? string.Empty).ToArray(), rows, 1)),
    ];

    private static (TabularFrame Frame, string?[] Labels) Read(TabularSchema schema, string path)
    {
        var rows = File.ReadLines(path)
            .Where(l => l.Length > 0 && !l.StartsWith('|'))
            .Select(l => l.Split(',').Select(f => f.Trim()).ToArray())
            .Where(f => f.Length == 15)
            .ToArray();
        var frame = new TabularFrame(rows.Length);
        for (var c = 0; c < schema.Columns.Count; c++)
        {
            var column = schema.Columns[c];
            if (column.Kind == ColumnKind.Numeric)
            {
                frame.AddNumeric(column.Name, [.. rows.Select(r => r[c] == "?" ? float.NaN : float.Parse(r[c], NumberStyles.Float, CultureInfo.InvariantCulture))]);
            }
            else
            {
                frame.AddCategorical(column.Name, [.. rows.Select(r => r[c] == "?" ? null : r[c])]);
            }
        }

        return (frame, [.. rows.Select(r => (string?)r[14].TrimEnd('.'))]);
    }
}
