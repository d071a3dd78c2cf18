namespace MlOpsPortal.TestSupport;

/// <summary>Well-known locations for tests: the repository root, the bundled sample datasets and the npm tools.</summary>
public static class TestPaths
{
    private static readonly Lazy<string> Root = new(FindRepoRoot);

    public static string RepoRoot => Root.Value;

    /// <summary>The public datasets bundled with the repository (samples/datasets, checked by SHA256SUMS).</summary>
    public static string Datasets => Path.Combine(RepoRoot, "samples", "datasets");

    public static string AdultTrain => Path.Combine(Datasets, "adult", "adult.data");

    public static string AdultTest => Path.Combine(Datasets, "adult", "adult.test");

    public static string GermanCredit => Path.Combine(Datasets, "german-credit", "german.csv");

    /// <summary>Where the set-up step installs s3rver (npm) for the S3 artifact store tests.</summary>
    public static string S3rverCli => Path.Combine(RepoRoot, ".tools", "s3rver", "node_modules", "s3rver", "bin", "s3rver.js");

    private static string FindRepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "MlOpsPortal.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("MlOpsPortal.sln not found above " + AppContext.BaseDirectory);
    }
}
