using System.Security.Cryptography;
using System.Text.RegularExpressions;
using MlOpsPortal.TestSupport;

namespace MlOpsPortal.Infrastructure.Tests.Repository;

/// <summary>A clone is all a user has: nothing may reach outside the repository, and the bundled data must be intact.</summary>
public sealed partial class SelfContainedRepositoryTests
{
    private static readonly string[] Scanned = ["src", "tests", "tools", "build", "docs", "mlops", "README.md", ".ci", "appsettings.json"];
    private static readonly HashSet<string> SkippedDirectories = ["bin", "obj", "node_modules", "TestResults", ".playwright"];
    private static readonly HashSet<string> TextExtensions = [".cs", ".razor", ".csproj", ".props", ".targets", ".json", ".md", ".sh", ".py", ".js", ".css", ".yml", ".yaml", ".txt", ".sql", ""];

    [Fact]
    public void SourcesScriptsAndDocs_NameNoPathOutsideTheRepository()
    {
        var offenders = new List<string>();
        foreach (var file in ScannedFiles())
        {
            var lineNumber = 0;
            foreach (var line in File.ReadLines(file))
            {
                lineNumber++;
                if (OutsidePath().IsMatch(line))
                {
                    offenders.Add($"{Path.GetRelativePath(TestPaths.RepoRoot, file)}:{lineNumber}: {line.Trim()}");
                }
            }
        }

        Assert.True(offenders.Count == 0, "Paths outside the repository (a clone has nothing beside it):\n" + string.Join('\n', offenders));
    }

    [Fact]
    public void BundledDatasets_MatchTheirPublishedChecksums()
    {
        var root = TestPaths.Datasets;
        var lines = File.ReadAllLines(Path.Combine(root, "SHA256SUMS")).Where(l => l.Length > 0).ToList();
        Assert.Contains(lines, l => l.EndsWith("adult/adult.data", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.EndsWith("german-credit/german.csv", StringComparison.Ordinal));
        foreach (var line in lines)
        {
            var (expected, name) = (line[..64], line[66..]);
            using var stream = File.OpenRead(Path.Combine(root, name));
            Assert.True(Convert.ToHexStringLower(SHA256.HashData(stream)) == expected, $"{name} differs from the published file (SHA-256)");
        }

        Assert.True(File.Exists(Path.Combine(root, "README.md")), "the datasets' licence and citation (README.md) is missing");
    }

    private static IEnumerable<string> ScannedFiles()
    {
        foreach (var entry in Scanned.Select(e => Path.Combine(TestPaths.RepoRoot, e)))
        {
            if (File.Exists(entry))
            {
                yield return entry;
                continue;
            }

            // A folder the repository no longer has (build/ held only the retired blazor.web.js workaround) has nothing to scan.
            if (!Directory.Exists(entry))
            {
                continue;
            }

            var pending = new Stack<string>([entry]);
            while (pending.Count > 0)
            {
                var dir = pending.Pop();
                foreach (var sub in Directory.EnumerateDirectories(dir).Where(d => !SkippedDirectories.Contains(Path.GetFileName(d))))
                {
                    pending.Push(sub);
                }

                foreach (var file in Directory.EnumerateFiles(dir).Where(f => TextExtensions.Contains(Path.GetExtension(f))))
                {
                    // This test names the patterns it looks for.
                    if (!file.EndsWith(nameof(SelfContainedRepositoryTests) + ".cs", StringComparison.Ordinal))
                    {
                        yield return file;
                    }
                }
            }
        }
    }

    // The sibling folder 'shared' reached with dot-dot (as a path or as Path.Combine pieces), and the development
    // machine's /work/ tree. Quotes are written \x22 so that this file does not match a plain grep for those paths.
    [GeneratedRegex("""\.\.[/\\]shared|\x22\.\.\x22\s*,\s*\x22shared\x22|/work/(shared|main)""")]
    private static partial Regex OutsidePath();
}
