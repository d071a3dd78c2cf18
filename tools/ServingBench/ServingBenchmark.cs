using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using CsvHelper;
using Microsoft.Extensions.DependencyInjection;
using MlOpsPortal.Engines.Onnx;
using MlOpsPortal.Infrastructure.Inference;
using MlOpsPortal.TestSupport;
using MlOpsPortal.TestSupport.Web;

namespace MlOpsPortal.Bench;

/// <summary>
/// Serving benchmark, one process, one machine: the portal runs in-process on loopback with its own PostgreSQL; the Adult
/// model (200 boosting rounds) is trained by a real training job and registered. (1) Single-row REST predict from N
/// concurrent clients (prediction logging on) vs in-process raw ONNX Runtime calls of the same model from N threads.
/// (2) A batch scoring job over adult.test replicated <c>copies</c> times vs a raw ORT loop over the same file (CSV read
/// → tensors → Run → CSV written), alternating, medians of <c>repeats</c>.
/// </summary>
internal static class ServingBenchmark
{
    private const string Model = "adult-serving";

    public static async Task<int> RunAsync(int seconds, int clients, int copies, int repeats, bool logging, TextWriter output, CancellationToken cancellationToken)
    {
        var adult = AdultData.TryLoad(Path.Combine(TestPaths.Datasets, "adult"), out var problem);
        if (adult is null)
        {
            output.WriteLine(problem);
            return 1;
        }

        await using var portal = new BenchPortal(logging);
        await portal.InitializeAsync();
        using var admin = portal.CreateClient(await portal.AdminTokenAsync());
        Progress("uploading Adult and training the 200-round model through a training job");
        await UploadAsync(admin, "adult-train", TestPaths.AdultTrain, header: false);
        await UploadAsync(admin, "adult-test", TestPaths.AdultTest, header: false);
        await TrainAndRegisterAsync(admin);

        var router = portal.Services.GetRequiredService<ModelRouter>();
        var served = (await router.ResolveVersionAsync(Model, 1, null, cancellationToken)).Value;
        var inference = portal.Services.GetRequiredService<InferenceService>();
        using var lease = inference.Acquire(served.OnnxSha256, served.Package.Onnx);

        Progress($"REST predict: {clients} clients × {seconds} s");
        var body = SingleRowBody(adult);
        await HammerAsync(portal, admin, body, clients, TimeSpan.FromSeconds(2));
        var rest = await HammerAsync(portal, admin, body, clients, TimeSpan.FromSeconds(seconds));
        Progress($"raw ORT: {clients} threads × {seconds} s");
        var raw = RawThreads(adult, lease, clients, TimeSpan.FromSeconds(seconds));
        var rawSingle = RawThreads(adult, lease, 1, TimeSpan.FromSeconds(Math.Max(3, seconds / 4)));

        Progress($"batch scoring: adult.test × {copies}, {repeats} repeats, alternating with the raw ORT loop");
        var file = Path.Combine(Path.GetTempPath(), $"adult-test-x{copies}.csv");
        var rows = WriteReplicated(file, copies);
        await UploadAsync(admin, "adult-big", file, header: true);
        var jobRates = new List<double>();
        var rawRates = new List<double>();
        for (var i = 0; i < repeats; i++)
        {
            rawRates.Add(RawLoop(file, served, inference, lease));
            jobRates.Add(await BatchJobAsync(admin));
        }

        File.Delete(file);
        var jobMedian = Median(jobRates);
        var rawMedian = Median(rawRates);
        output.WriteLine();
        output.WriteLine("### Serving (REST single-row predict, 16 clients) and batch scoring");
        output.WriteLine();
        output.WriteLine($"Machine: {Environment.ProcessorCount} cores, load average {LoadAverage()}; model: Adult, 200 rounds, ORT {served.Package.Metadata.EngineVersions.GetValueOrDefault("onnxruntime", "?")} CPU; prediction logging {(logging ? "on (sample rate 1.0)" : "off")}.");
        output.WriteLine();
        output.WriteLine("| path | requests/s (rows/s) | p50 ms | p99 ms | ratio to raw ORT |");
        output.WriteLine("|---|---|---|---|---|");
        output.WriteLine(Row($"REST predict, {clients} clients, 1 row/request", rest.PerSecond, rest.P50, rest.P99, rest.PerSecond / raw.PerSecond));
        output.WriteLine(Row($"raw ORT in-process, {clients} threads, 1 row/call", raw.PerSecond, raw.P50, raw.P99, 1));
        output.WriteLine(Row("raw ORT in-process, 1 thread, 1 row/call", rawSingle.PerSecond, rawSingle.P50, rawSingle.P99, rawSingle.PerSecond / raw.PerSecond));
        output.WriteLine(Row($"batch scoring job, {rows:N0} rows (median of {repeats})", jobMedian, double.NaN, double.NaN, jobMedian / rawMedian));
        output.WriteLine(Row($"raw ORT loop over the same CSV (median of {repeats})", rawMedian, double.NaN, double.NaN, 1));
        output.WriteLine();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"REST overhead per request at p50: {rest.P50 - raw.P50:0.###} ms over the raw call; REST/raw throughput {rest.PerSecond / raw.PerSecond:0.###}. Batch job/raw loop rows/s: {jobMedian / rawMedian:0.###} (target ≥ 0.8: {(jobMedian / rawMedian >= 0.8 ? "PASS" : "MISS")}). REST errors: {rest.Errors}."));
        return 0;
    }

    private static string Row(string name, double perSecond, double p50, double p99, double ratio) => string.Create(CultureInfo.InvariantCulture,
        $"| {name} | {perSecond:N0} | {(double.IsNaN(p50) ? "—" : p50.ToString("0.###", CultureInfo.InvariantCulture))} | {(double.IsNaN(p99) ? "—" : p99.ToString("0.###", CultureInfo.InvariantCulture))} | {ratio:0.###} |");

    private sealed record Load(double PerSecond, double P50, double P99, int Errors);

    private static async Task<Load> HammerAsync(PortalApp portal, HttpClient admin, string body, int clients, TimeSpan duration)
    {
        var latencies = new ConcurrentBag<double>();
        var errors = 0;
        var clock = Stopwatch.StartNew();
        var url = new Uri(portal.BaseAddress, $"api/v1/models/{Model}@bench/predict");
        await Task.WhenAll(Enumerable.Range(0, clients).Select(_ => Task.Run(async () =>
        {
            while (clock.Elapsed < duration)
            {
                var started = Stopwatch.GetTimestamp();
                using var content = new StringContent(body, Encoding.UTF8, "application/json");
                using var response = await admin.PostAsync(url, content);
                await response.Content.ReadAsByteArrayAsync();
                latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                if (!response.IsSuccessStatusCode)
                {
                    Interlocked.Increment(ref errors);
                }
            }
        })));
        var sorted = latencies.Order().ToArray();
        return new Load(sorted.Length / clock.Elapsed.TotalSeconds, Percentile(sorted, 0.5), Percentile(sorted, 0.99), errors);
    }

    private static Load RawThreads(AdultData adult, OnnxSessionLease lease, int threads, TimeSpan duration)
    {
        var latencies = new ConcurrentBag<double[]>();
        var clock = Stopwatch.StartNew();
        Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, _ =>
        {
            var columns = new RawColumns(adult.Schema, adult.Test, 1);
            using var runner = new OnnxRawRunner(lease.Session, columns.ToInputs());
            var mine = new List<double>();
            while (clock.Elapsed < duration)
            {
                var started = Stopwatch.GetTimestamp();
                runner.Run();
                mine.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }

            latencies.Add([.. mine]);
        });
        var sorted = latencies.SelectMany(x => x).Order().ToArray();
        return new Load(sorted.Length / clock.Elapsed.TotalSeconds, Percentile(sorted, 0.5), Percentile(sorted, 0.99), 0);
    }

    /// <summary>The raw loop: CsvHelper reads the file, 4096-row chunks go into pooled tensors, ORT runs, label + probabilities are written.</summary>
    private static double RawLoop(string file, ServedModel served, InferenceService inference, OnnxSessionLease lease)
    {
        var clock = Stopwatch.StartNew();
        var inputs = served.Package.Signature.Inputs;
        var classes = served.Package.Signature.ClassLabels!;
        var outputPath = file + ".raw.csv";
        using var reader = new StreamReader(file);
        using var csv = new CsvReader(reader, CultureInfo.InvariantCulture);
        csv.Read();
        csv.ReadHeader();
        var index = inputs.Select(i => Array.IndexOf(csv.HeaderRecord!, i.Name)).ToArray();
        using var writer = new StreamWriter(outputPath, false, new UTF8Encoding(false), 1 << 16);
        var chunk = new List<string[]>(4096);
        long rows = 0;
        bool more;
        do
        {
            more = csv.Read();
            if (more)
            {
                chunk.Add(csv.Parser.Record!);
            }

            if (chunk.Count == 4096 || (!more && chunk.Count > 0))
            {
                using var batch = inference.RentBatch();
                for (var k = 0; k < inputs.Count; k++)
                {
                    if (inputs[k].ElementType == "float")
                    {
                        var span = batch.AddFloats(inputs[k].Name, chunk.Count);
                        for (var r = 0; r < chunk.Count; r++)
                        {
                            span[r] = float.TryParse(chunk[r][index[k]], NumberStyles.Float, CultureInfo.InvariantCulture, out var f) ? f : float.NaN;
                        }
                    }
                    else
                    {
                        var span = batch.AddStrings(inputs[k].Name, chunk.Count);
                        for (var r = 0; r < chunk.Count; r++)
                        {
                            span[r] = chunk[r][index[k]];
                        }
                    }
                }

                var result = inference.Run(lease, batch.Inputs);
                var probabilities = result.Outputs["probabilities"].AsFloats();
                for (var r = 0; r < chunk.Count; r++)
                {
                    writer.Write(string.Join(',', chunk[r]));
                    var best = probabilities[(r * classes.Count) + 1] > probabilities[r * classes.Count] ? 1 : 0;
                    writer.Write(',');
                    writer.Write(classes[best]);
                    for (var c = 0; c < classes.Count; c++)
                    {
                        writer.Write(',');
                        writer.Write(probabilities[(r * classes.Count) + c].ToString("R", CultureInfo.InvariantCulture));
                    }

                    writer.WriteLine();
                }

                rows += chunk.Count;
                chunk.Clear();
            }
        }
        while (more);

        writer.Flush();
        var rate = rows / clock.Elapsed.TotalSeconds;
        File.Delete(outputPath);
        return rate;
    }

    private static async Task<double> BatchJobAsync(HttpClient admin)
    {
        using var submitted = await admin.PostAsJsonAsync("api/v1/batch-scoring-jobs", new { model = new { name = Model, alias = "bench" }, dataset = new { name = "adult-big", version = 1 } });
        var jobId = (await submitted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("jobId").GetGuid();
        await WaitAsync(admin, jobId);
        var result = await admin.GetFromJsonAsync<JsonElement>($"api/v1/batch-scoring-jobs/{jobId}");
        return result.GetProperty("rowsPerSecond").GetDouble();
    }

    private static async Task TrainAndRegisterAsync(HttpClient admin)
    {
        using var train = await admin.PostAsJsonAsync("api/v1/training-jobs", new
        {
            experiment = "serving-bench",
            trainDataset = new { name = "adult-train", version = 1 },
            testDataset = new { name = "adult-test", version = 1 },
            label = "income",
            positiveClass = ">50K",
            hyperparameters = new { rounds = 200 },
            earlyStopping = new { enabled = false },
        });
        var ids = await train.Content.ReadFromJsonAsync<JsonElement>();
        if (!train.IsSuccessStatusCode)
        {
            throw new InvalidOperationException(ids.ToString());
        }

        await WaitAsync(admin, ids.GetProperty("jobId").GetGuid());
        (await admin.PostAsJsonAsync("api/v1/models", new { name = Model })).EnsureSuccessStatusCode();
        (await admin.PostAsJsonAsync($"api/v1/models/{Model}/versions/from-run", new { runId = ids.GetProperty("runId").GetString() })).EnsureSuccessStatusCode();
        (await admin.PutAsJsonAsync($"api/v1/models/{Model}/aliases/bench", new { version = 1 })).EnsureSuccessStatusCode();
    }

    private static async Task WaitAsync(HttpClient admin, Guid jobId)
    {
        while (true)
        {
            var job = await admin.GetFromJsonAsync<JsonElement>($"api/v1/jobs/{jobId}");
            var status = job.GetProperty("status").GetString();
            if (status == "Succeeded")
            {
                return;
            }

            if (status is "Failed" or "Cancelled")
            {
                throw new InvalidOperationException(job.ToString());
            }

            await Task.Delay(100);
        }
    }

    private static async Task UploadAsync(HttpClient admin, string name, string path, bool header)
    {
        using var form = new MultipartFormDataContent();
        if (!header)
        {
            form.Add(new StringContent("false"), "hasHeader");
            form.Add(new StringContent(string.Join(',', AdultData.Columns) + ",income"), "columnNames");
        }

        await using var file = File.OpenRead(path);
        var content = new StreamContent(file);
        content.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        form.Add(content, "file", Path.GetFileName(path));
        using var response = await admin.PostAsync($"api/v1/datasets/{name}/versions", form);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException(await response.Content.ReadAsStringAsync());
        }
    }

    private static int WriteReplicated(string path, int copies)
    {
        var lines = File.ReadLines(TestPaths.AdultTest).Skip(1).Where(l => l.Contains(',', StringComparison.Ordinal))
            .Select(l => string.Join(',', l.Split(',').Select(f => f.Trim()))).ToList();
        using var writer = new StreamWriter(path, false, new UTF8Encoding(false));
        writer.WriteLine(string.Join(',', AdultData.Columns) + ",income");
        for (var i = 0; i < copies; i++)
        {
            foreach (var line in lines)
            {
                writer.WriteLine(line);
            }
        }

        return lines.Count * copies;
    }

    private static string SingleRowBody(AdultData adult)
    {
        var row = AdultData.Columns.ToDictionary(c => c, c => adult.Schema.Columns.First(s => s.Name == c).Kind == Engines.Features.ColumnKind.Numeric
            ? (object?)adult.Test.Numeric(c)[0] : adult.Test.Categorical(c)[0]);
        return JsonSerializer.Serialize(new { dataframe_records = new[] { row } });
    }

    private static double Percentile(double[] sorted, double q) => sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)(sorted.Length * q))];

    private static double Median(List<double> values) => Percentile([.. values.Order()], 0.5);

    private static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

    private static void Progress(string message) => Console.Error.WriteLine($"[bench serving] {message}");

    /// <summary>The portal fixture outside xunit.</summary>
    private sealed class BenchPortal(bool logging) : PortalApp, IAsyncDisposable
    {
        protected override IEnumerable<string> ExtraArgs => logging ? [] : ["--Inference:LogSampleRate=0"];

        async ValueTask IAsyncDisposable.DisposeAsync() => await DisposeAsync();
    }
}
