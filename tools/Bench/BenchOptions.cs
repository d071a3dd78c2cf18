using System.Globalization;

namespace MlOpsPortal.Bench;

/// <summary>Command line of the benchmark tool.</summary>
internal sealed record BenchOptions(string Command, bool Quick, string AdultDirectory, int Threads, string XGBoostCli)
{
    public const string Usage = """
        usage: mlops bench <engines|fairness|all> [--quick] [--adult DIR] [--threads N] [--xgboost PATH]
          engines   XGBoost training vs the xgboost CLI; inference service vs raw ORT at batch 1/64/4096;
                    ONNX vs XGBoost's own predictor (needs UCI Adult: adult.data and adult.test)
          fairness  fairness report on 1,000,000 rows x 2 sensitive features + intersections x 200 resamples
          all       both
          --quick   fewer repeats and shorter windows (smoke use; figures are rougher)
          --adult   directory holding adult.data and adult.test (default: samples/datasets/adult in the repository)
          --threads native threads for XGBoost and ONNX Runtime (default: the processor count)
          --xgboost the xgboost CLI (default: /usr/bin/xgboost, Debian package `xgboost`)
        """;

    public bool RunsEngines => Command is "engines" or "all";

    public bool RunsFairness => Command is "fairness" or "all";

    /// <summary>Parses <paramref name="args"/>; null with <paramref name="error"/> set when they are unusable.</summary>
    public static BenchOptions? Parse(IReadOnlyList<string> args, string repositoryRoot, out string? error)
    {
        error = null;
        string? command = null;
        var quick = false;
        var adult = Path.GetFullPath(Path.Combine(repositoryRoot, "samples", "datasets", "adult"));
        var threads = Environment.ProcessorCount;
        var cli = "/usr/bin/xgboost";
        for (var i = 0; i < args.Count; i++)
        {
            switch (args[i])
            {
                case "--quick":
                    quick = true;
                    break;
                case "--adult" when i + 1 < args.Count:
                    adult = Path.GetFullPath(args[++i]);
                    break;
                case "--xgboost" when i + 1 < args.Count:
                    cli = args[++i];
                    break;
                case "--threads" when i + 1 < args.Count:
                    if (!int.TryParse(args[++i], NumberStyles.None, CultureInfo.InvariantCulture, out threads) || threads < 1)
                    {
                        error = $"--threads needs a positive integer, not '{args[i]}'.";
                        return null;
                    }

                    break;
                case "engines" or "fairness" or "all" when command is null:
                    command = args[i];
                    break;
                default:
                    error = $"unknown argument '{args[i]}'.";
                    return null;
            }
        }

        if (command is null)
        {
            error = "name a benchmark: engines, fairness or all.";
            return null;
        }

        return new BenchOptions(command, quick, adult, threads, cli);
    }

    /// <summary>The directory holding MlOpsPortal.sln, walking up from the current directory (else the current directory).</summary>
    public static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "MlOpsPortal.sln")))
            {
                return dir.FullName;
            }
        }

        return Directory.GetCurrentDirectory();
    }
}
