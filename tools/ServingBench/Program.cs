using MlOpsPortal.Bench;

// Usage: dotnet run --project tools/ServingBench -c Release -- serving [seconds=20] [clients=16] [copies=10] [repeats=3] [logging=1]
if (args.Length == 0 || args[0] != "serving")
{
    Console.Error.WriteLine("usage: bench serving [seconds=20] [clients=16] [copies=10] [repeats=3] [logging=1]");
    return 2;
}

var options = args.Skip(1).Select(a => a.Split('=', 2)).Where(p => p.Length == 2).ToDictionary(p => p[0], p => int.Parse(p[1], System.Globalization.CultureInfo.InvariantCulture));
return await ServingBenchmark.RunAsync(
    options.GetValueOrDefault("seconds", 20), options.GetValueOrDefault("clients", 16), options.GetValueOrDefault("copies", 10), options.GetValueOrDefault("repeats", 3),
    options.GetValueOrDefault("logging", 1) != 0, Console.Out, CancellationToken.None);
