using System.Globalization;
using MlOpsPortal.ScoreClient;

// mlops-score --url http://127.0.0.1:5080 --model adult@production --input rows.csv --output scored.csv [--token T] [--chunk 1000]
// The token (scope "score") comes from --token or MLOPS_TOKEN.
var args2 = args.Select((a, i) => (a, i)).ToList();
string? Arg(string name) => args2.FirstOrDefault(x => x.a == name) is var (a, i) && a is not null && i + 1 < args.Length ? args[i + 1] : null;
var url = Arg("--url") ?? Environment.GetEnvironmentVariable("MLOPS_URL") ?? "http://127.0.0.1:5080";
var token = Arg("--token") ?? Environment.GetEnvironmentVariable("MLOPS_TOKEN");
var model = Arg("--model");
var input = Arg("--input");
var output = Arg("--output") ?? (input is null ? null : Path.ChangeExtension(input, null) + ".scored.csv");
var chunk = int.TryParse(Arg("--chunk"), NumberStyles.None, CultureInfo.InvariantCulture, out var c) && c > 0 ? c : 1000;
if (model is null || input is null || token is null)
{
    Console.Error.WriteLine("usage: ./mlops score --model NAME@ALIAS --input FILE.csv [--output OUT.csv] [--url URL] [--token TOKEN|$MLOPS_TOKEN] [--chunk ROWS]");
    return 2;
}

if (!File.Exists(input))
{
    Console.Error.WriteLine($"No such file: {input}");
    return 2;
}

using var http = new HttpClient { Timeout = TimeSpan.FromMinutes(5) };
var client = new CsvScoringClient(http);
var interactive = !Console.IsErrorRedirected;
try
{
    var summary = await client.RunAsync(
        new ScoreOptions(new Uri(url.EndsWith('/') ? url : url + "/"), token, model, input, output!, chunk),
        (done, total, rate) => Console.Error.Write(ProgressBar.Render(done, total, rate) + (interactive ? "\r" : "\n")),
        CancellationToken.None);
    Console.Error.WriteLine();
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"Scored {summary.Rows:N0} rows with {model} (version {summary.ModelVersion}, {summary.ExecutionProvider}) in {summary.Elapsed.TotalSeconds:0.0} s → {output}"));
    return 0;
}
catch (HttpRequestException ex)
{
    Console.Error.WriteLine();
    Console.Error.WriteLine(ex.Message);
    return 1;
}
