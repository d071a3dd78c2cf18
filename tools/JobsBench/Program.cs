using MlOpsPortal.Bench;

// Usage: dotnet run --project tools/JobsBench -c Release -- jobs [latencyJobs=200] [trainingRepeats=20] [rounds=200] [warmupJobs=120]
if (args.Length == 0 || args[0] != "jobs")
{
    Console.Error.WriteLine("usage: bench jobs [latencyJobs=200] [trainingRepeats=20] [rounds=200] [warmupJobs=120]");
    return 2;
}

var options = args.Skip(1).Select(a => a.Split('=', 2)).Where(p => p.Length == 2).ToDictionary(p => p[0], p => int.Parse(p[1], System.Globalization.CultureInfo.InvariantCulture));
return await JobsBenchmark.RunAsync(options.GetValueOrDefault("latencyJobs", 200), options.GetValueOrDefault("trainingRepeats", 20), options.GetValueOrDefault("rounds", 200), options.GetValueOrDefault("warmupJobs", 120), Console.Out, CancellationToken.None);
