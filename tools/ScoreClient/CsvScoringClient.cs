using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using CsvHelper;

namespace MlOpsPortal.ScoreClient;

/// <summary>What to score where: the portal's base URL, a token with the <c>score</c> scope, and <c>name@alias</c> or <c>name/versions/N</c>.</summary>
public sealed record ScoreOptions(Uri Portal, string Token, string Model, string InputPath, string OutputPath, int ChunkRows = 1000);

/// <summary>Rows scored, elapsed time and the execution provider the portal reported.</summary>
public sealed record ScoreSummary(long Rows, TimeSpan Elapsed, string? ExecutionProvider, string ModelVersion);

/// <summary>
/// Scores a CSV file (header row required) against the portal's online predict endpoint: reads the file in chunks of
/// <see cref="ScoreOptions.ChunkRows"/> rows, posts each as <c>text/csv</c>, and appends the input fields plus the
/// predicted label (or value) and one probability column per class to the output CSV. Progress goes to a callback
/// (rows done, total rows, rows/s) so the console shows a bar. A 4xx stops the run with the portal's message.
/// </summary>
public sealed class CsvScoringClient(HttpClient http)
{
    public async Task<ScoreSummary> RunAsync(ScoreOptions options, Action<long, long, double>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var total = CountDataRows(options.InputPath);
        var endpoint = new Uri(options.Portal, $"api/v1/models/{options.Model}/predict");
        using var input = new StreamReader(options.InputPath, Encoding.UTF8);
        using var csvIn = new CsvReader(input, CultureInfo.InvariantCulture);
        if (!await csvIn.ReadAsync() || !csvIn.ReadHeader())
        {
            throw new InvalidDataException($"{options.InputPath} is empty: a header row and data rows are expected.");
        }

        var header = csvIn.HeaderRecord!;
        await using var output = new StreamWriter(options.OutputPath, append: false, new UTF8Encoding(false));
        await using var csvOut = new CsvWriter(output, CultureInfo.InvariantCulture);
        var clock = Stopwatch.StartNew();
        long done = 0;
        string? provider = null, version = null;
        List<string>? classes = null;
        var chunk = new List<string[]>(options.ChunkRows);
        while (true)
        {
            var more = await csvIn.ReadAsync();
            if (more)
            {
                chunk.Add(Enumerable.Range(0, header.Length).Select(i => csvIn.GetField(i) ?? string.Empty).ToArray());
            }

            if (chunk.Count == options.ChunkRows || (!more && chunk.Count > 0))
            {
                using var answer = await PostAsync(endpoint, options.Token, header, chunk, cancellationToken);
                var root = answer.RootElement;
                provider = root.GetProperty("executionProvider").GetString();
                version = root.GetProperty("model").GetProperty("version").GetInt32().ToString(CultureInfo.InvariantCulture);
                var predictions = root.GetProperty("predictions");
                if (classes is null)
                {
                    classes = predictions[0].TryGetProperty("probabilities", out var p) ? p.EnumerateObject().Select(o => o.Name).ToList() : [];
                    WriteHeader(csvOut, header, classes);
                }

                var r = 0;
                foreach (var prediction in predictions.EnumerateArray())
                {
                    WriteRow(csvOut, chunk[r++], prediction, classes);
                }

                done += chunk.Count;
                chunk.Clear();
                progress?.Invoke(done, total, done / Math.Max(clock.Elapsed.TotalSeconds, 1e-6));
            }

            if (!more)
            {
                break;
            }
        }

        return new ScoreSummary(done, clock.Elapsed, provider, version ?? "?");
    }

    private async Task<JsonDocument> PostAsync(Uri endpoint, string token, string[] header, List<string[]> rows, CancellationToken cancellationToken)
    {
        var body = new StringBuilder();
        await using (var writer = new StringWriter(body, CultureInfo.InvariantCulture))
        await using (var csv = new CsvWriter(writer, CultureInfo.InvariantCulture))
        {
            foreach (var h in header)
            {
                csv.WriteField(h);
            }

            await csv.NextRecordAsync();
            foreach (var row in rows)
            {
                foreach (var field in row)
                {
                    csv.WriteField(field);
                }

                await csv.NextRecordAsync();
            }
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = new StringContent(body.ToString(), Encoding.UTF8, "text/csv") };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await http.SendAsync(request, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            var detail = text;
            try
            {
                using var problem = JsonDocument.Parse(text);
                detail = problem.RootElement.TryGetProperty("detail", out var d) ? d.GetString() ?? text : text;
            }
            catch (JsonException)
            {
                // Not ProblemDetails: show the body as it is.
            }

            throw new HttpRequestException($"The portal answered {(int)response.StatusCode}: {detail}", null, response.StatusCode);
        }

        return JsonDocument.Parse(text);
    }

    private static void WriteHeader(CsvWriter csv, string[] header, List<string> classes)
    {
        foreach (var h in header)
        {
            csv.WriteField(h);
        }

        csv.WriteField(classes.Count > 0 ? "predicted_label" : "prediction");
        foreach (var c in classes)
        {
            csv.WriteField("probability_" + c);
        }

        csv.NextRecord();
    }

    private static void WriteRow(CsvWriter csv, string[] fields, JsonElement prediction, List<string> classes)
    {
        foreach (var f in fields)
        {
            csv.WriteField(f);
        }

        if (prediction.TryGetProperty("value", out var value))
        {
            csv.WriteField(value.GetDouble().ToString("R", CultureInfo.InvariantCulture));
        }
        else
        {
            csv.WriteField(prediction.GetProperty("label").GetString());
            var probabilities = prediction.GetProperty("probabilities");
            foreach (var c in classes)
            {
                csv.WriteField(probabilities.GetProperty(c).GetDouble().ToString("R", CultureInfo.InvariantCulture));
            }
        }

        csv.NextRecord();
    }

    /// <summary>Data rows in the file (lines after the header, blank lines ignored), for the progress bar's total.</summary>
    private static long CountDataRows(string path) => Math.Max(0, File.ReadLines(path).LongCount(l => l.Length > 0) - 1);
}
