using MlOpsPortal.Bench;

// Usage: dotnet run --project tools/ArtifactsBench -c Release -- artifacts [mb=256] [repeats=3]
if (args.Length == 0 || args[0] != "artifacts")
{
    Console.Error.WriteLine("usage: bench artifacts [mb=256] [repeats=3]");
    return 2;
}

var options = args.Skip(1).Select(a => a.Split('=', 2)).Where(p => p.Length == 2).ToDictionary(p => p[0], p => int.Parse(p[1], System.Globalization.CultureInfo.InvariantCulture));
await ArtifactsBenchmark.RunAsync(options.GetValueOrDefault("mb", 256), options.GetValueOrDefault("repeats", 3), Console.Out, CancellationToken.None);
return 0;
