using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using MlOpsPortal.TestSupport.Web;

namespace MlOpsPortal.Bench;

/// <summary>
/// Streams one large file as a run artifact through the real portal (PUT, then GET) and compares each with the
/// reference a store cannot beat: a plain file copy that also computes the SHA-256. Reports medians, the ratio, and
/// how much the process's peak working set grew (well below the file size when nothing buffers the whole file).
/// </summary>
public static class ArtifactsBenchmark
{
    private const int Buffer = 1 << 16;

    public static async Task RunAsync(int megabytes, int repeats, TextWriter output, CancellationToken ct)
    {
        var dir = Directory.CreateTempSubdirectory("mlops-artifacts-bench-");
        var app = new PortalApp();
        await app.InitializeAsync();
        try
        {
            var source = Path.Combine(dir.FullName, "source.bin");
            await WriteRandomAsync(source, megabytes, ct);
            using var client = app.CreateClient(await app.AdminTokenAsync());
            client.Timeout = TimeSpan.FromMinutes(10);
            var runId = await CreateRunAsync(client, ct);
            var peakBefore = Process.GetCurrentProcess().PeakWorkingSet64;

            var copy = new List<double>();
            var upload = new List<double>();
            var download = new List<double>();
            for (var i = 0; i < repeats; i++)
            {
                copy.Add(await TimeAsync(() => CopyHashingAsync(source, Path.Combine(dir.FullName, $"copy{i}.bin"), ct)));
                // A distinct last byte per repeat: each upload is new content, as a fresh model would be.
                await using (var f = new FileStream(source, FileMode.Open, FileAccess.Write))
                {
                    f.Seek(-1, SeekOrigin.End);
                    f.WriteByte((byte)i);
                }

                var path = $"bench/model-{i}.bin";
                upload.Add(await TimeAsync(() => UploadAsync(client, runId, path, source, ct)));
                var target = Path.Combine(dir.FullName, $"download{i}.bin");
                download.Add(await TimeAsync(() => DownloadAsync(client, runId, path, target, ct)));
                if (await HashFileAsync(target, ct) != await HashFileAsync(source, ct))
                {
                    throw new InvalidOperationException("Downloaded bytes differ from the uploaded file.");
                }

                File.Delete(target);
            }

            var growthMb = (Process.GetCurrentProcess().PeakWorkingSet64 - peakBefore) / (1024.0 * 1024);
            var copyMs = Median(copy);
            output.WriteLine($"artifact size: {megabytes} MB, repeats: {repeats} (medians)");
            output.WriteLine("| path | median s | MB/s | vs hashed file copy |");
            output.WriteLine("|---|---|---|---|");
            output.WriteLine(Row("hashed file copy (reference)", copyMs, megabytes, copyMs));
            output.WriteLine(Row("PUT /api/v1/runs/{id}/artifacts/{path}", Median(upload), megabytes, copyMs));
            output.WriteLine(Row("GET /api/v1/runs/{id}/artifacts/{path}", Median(download), megabytes, copyMs));
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"peak working set growth during the transfers: {growthMb:F0} MB (file: {megabytes} MB)"));
        }
        finally
        {
            await app.DisposeAsync();
            dir.Delete(recursive: true);
        }
    }

    private static string Row(string name, double ms, int mb, double referenceMs) =>
        string.Create(CultureInfo.InvariantCulture, $"| {name} | {ms / 1000:F2} | {mb / (ms / 1000):F0} | {ms / referenceMs:F2}x |");

    private static async Task<string> CreateRunAsync(HttpClient client, CancellationToken ct)
    {
        using var experiment = await client.PostAsJsonAsync("api/2.0/mlflow/experiments/create", new { name = "artifacts-bench" }, ct);
        var experimentId = (await experiment.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("experiment_id").GetString();
        using var run = await client.PostAsJsonAsync("api/2.0/mlflow/runs/create", new { experiment_id = experimentId }, ct);
        return (await run.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("run").GetProperty("info").GetProperty("run_id").GetString()!;
    }

    private static async Task UploadAsync(HttpClient client, string runId, string path, string file, CancellationToken ct)
    {
        await using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, Buffer, FileOptions.Asynchronous | FileOptions.SequentialScan);
        using var content = new StreamContent(stream, Buffer);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        using var response = await client.PutAsync($"api/v1/runs/{runId}/artifacts/{path}", content, ct);
        response.EnsureSuccessStatusCode();
    }

    private static async Task DownloadAsync(HttpClient client, string runId, string path, string target, CancellationToken ct)
    {
        using var response = await client.GetAsync($"api/v1/runs/{runId}/artifacts/{path}", HttpCompletionOption.ResponseHeadersRead, ct);
        response.EnsureSuccessStatusCode();
        await using var body = await response.Content.ReadAsStreamAsync(ct);
        await using var file = new FileStream(target, FileMode.Create, FileAccess.Write, FileShare.None, Buffer, FileOptions.Asynchronous);
        await body.CopyToAsync(file, Buffer, ct);
    }

    private static async Task CopyHashingAsync(string source, string target, CancellationToken ct)
    {
        await using var input = new FileStream(source, FileMode.Open, FileAccess.Read, FileShare.Read, Buffer, FileOptions.Asynchronous | FileOptions.SequentialScan);
        await using var output = new FileStream(target, FileMode.Create, FileAccess.Write, FileShare.None, Buffer, FileOptions.Asynchronous);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[Buffer];
        int n;
        while ((n = await input.ReadAsync(buffer, ct)) > 0)
        {
            hash.AppendData(buffer, 0, n);
            await output.WriteAsync(buffer.AsMemory(0, n), ct);
        }

        output.Flush(flushToDisk: true);
        _ = hash.GetHashAndReset();
        File.Delete(target);
    }

    private static async Task<string> HashFileAsync(string path, CancellationToken ct)
    {
        await using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, ct));
    }

    private static async Task WriteRandomAsync(string path, int megabytes, CancellationToken ct)
    {
        var random = new Random(42);
        var block = new byte[1 << 20];
        await using var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, Buffer, FileOptions.Asynchronous);
        for (var i = 0; i < megabytes; i++)
        {
            random.NextBytes(block);
            await file.WriteAsync(block, ct);
        }
    }

    private static async Task<double> TimeAsync(Func<Task> action)
    {
        var watch = Stopwatch.StartNew();
        await action();
        return watch.Elapsed.TotalMilliseconds;
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }
}
