using MlOpsPortal.Bench;

// Usage: dotnet run --project tools/TrackingBench -c Release -- tracking [runs=100000] [ingestRequests=40] [historyPoints=1000000] [only=search]
//        dotnet run --project tools/TrackingBench -c Release -- ui [runs=100000] [repeats=5]
if (args.Length == 0 || args[0] is not ("tracking" or "ui"))
{
    Console.Error.WriteLine("usage: bench tracking [runs=100000] [ingestRequests=40] [historyPoints=1000000] [only=ingest|search|chart]");
    Console.Error.WriteLine("       bench ui [runs=100000] [repeats=5]");
    return 2;
}

var options = args.Skip(1).Select(a => a.Split('=', 2)).Where(p => p.Length == 2).ToDictionary(p => p[0], p => p[1]);
int Number(string name, int fallback) =>
    options.TryGetValue(name, out var text) ? int.Parse(text, System.Globalization.CultureInfo.InvariantCulture) : fallback;
if (args[0] == "ui")
{
    await UiBenchmark.RunAsync(Number("runs", 100_000), Number("repeats", 5), Console.Out, CancellationToken.None);
    return 0;
}

await TrackingBenchmark.RunAsync(
    Number("runs", 100_000), Number("ingestRequests", 40), Number("historyPoints", 1_000_000), options.GetValueOrDefault("only"), Console.Out, CancellationToken.None);
return 0;
