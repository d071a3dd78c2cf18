using MlOpsPortal.Domain.Common;

namespace MlOpsPortal.Domain.Tracking;

/// <summary>
/// Relative artifact paths inside a run's artifact root (<c>model/MLmodel</c>, <c>plots/roc.png</c>): forward slashes,
/// no absolute paths, no <c>..</c> or <c>.</c> segments, no empty segments, no backslashes or control characters, at
/// most <see cref="MaxLength"/> characters. The rules are stricter than MLflow's <c>validate_path_is_safe</c>, which
/// they include; what passes here can never leave the run's root, whatever store serves it.
/// </summary>
public static class ArtifactPath
{
    public const int MaxLength = 1000;

    /// <summary>Validates the path of one file; returns it unchanged when valid.</summary>
    public static Result<string> ValidateFile(string? path)
    {
        if (string.IsNullOrEmpty(path))
        {
            return Error.Invalid("An artifact path is required (a relative path such as 'model/model.onnx').");
        }

        return Check(path) is { } bad ? bad : path;
    }

    /// <summary>
    /// Validates a directory to list: empty or null means the run's root; one trailing slash is tolerated.
    /// Returns the path without the trailing slash ("" for the root).
    /// </summary>
    public static Result<string> ValidateDirectory(string? path)
    {
        if (string.IsNullOrEmpty(path) || path == "/")
        {
            return string.Empty;
        }

        var trimmed = path.EndsWith('/') ? path[..^1] : path;
        return Check(trimmed) is { } bad ? bad : trimmed;
    }

    /// <summary>The parent directory of a path ("" at the root).</summary>
    public static string Parent(string path)
    {
        var slash = path.LastIndexOf('/');
        return slash < 0 ? string.Empty : path[..slash];
    }

    /// <summary>The last segment of a path.</summary>
    public static string Name(string path) => path[(path.LastIndexOf('/') + 1)..];

    /// <summary>True when <paramref name="path"/> lies under directory <paramref name="directory"/> ("" is the root).</summary>
    public static bool IsUnder(string path, string directory) =>
        directory.Length == 0 || (path.Length > directory.Length && path.StartsWith(directory, StringComparison.Ordinal) && path[directory.Length] == '/');

    private static Error? Check(string path)
    {
        if (path.Length > MaxLength)
        {
            return Error.Invalid($"Artifact path has {path.Length} characters; at most {MaxLength} are allowed.");
        }

        if (path.StartsWith('/') || (path.Length >= 2 && path[1] == ':'))
        {
            return Error.Invalid($"Artifact path '{path}' is absolute; use a path relative to the run's artifact root.");
        }

        foreach (var c in path)
        {
            if (c == '\\' || char.IsControl(c))
            {
                return Error.Invalid($"Artifact path '{Printable(path)}' contains a backslash or a control character; separate directories with '/'.");
            }
        }

        foreach (var segment in path.Split('/'))
        {
            if (segment.Length == 0)
            {
                return Error.Invalid($"Artifact path '{path}' has an empty segment ('//' or a trailing '/').");
            }

            if (segment is "." or "..")
            {
                return Error.Invalid($"Artifact path '{path}' contains a '{segment}' segment; paths must stay inside the run's artifact root.");
            }
        }

        return null;
    }

    private static string Printable(string path) => new(path.Select(c => char.IsControl(c) ? '?' : c).ToArray());
}
