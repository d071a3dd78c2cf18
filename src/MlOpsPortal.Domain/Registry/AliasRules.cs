using System.Text.RegularExpressions;
using MlOpsPortal.Domain.Common;

namespace MlOpsPortal.Domain.Registry;

/// <summary>
/// Alias names: ASCII letters, digits, <c>_</c> and <c>-</c> (MLflow's <c>^[\w\-]*$</c> narrowed to ASCII, so that a look-alike
/// made of Cyrillic letters cannot pose as <c>production</c>), not a version reference (<c>v1</c>), at most 255 characters.
/// </summary>
public static partial class AliasRules
{
    public const int MaxLength = 255;

    /// <summary>The aliases that move only through an approved promotion request unless configured otherwise.</summary>
    public static readonly IReadOnlyList<string> DefaultProtected = ["staging", "production"];

    public static Result<string> Validate(string? alias)
    {
        if (string.IsNullOrEmpty(alias))
        {
            return Error.Invalid("Alias name is required.");
        }

        if (alias.Length > MaxLength)
        {
            return Error.Invalid($"Alias name must be at most {MaxLength} characters; got {alias.Length}.");
        }

        if (!Allowed().IsMatch(alias))
        {
            return Error.Invalid($"Invalid alias name '{alias}': only ASCII letters, digits, '_' and '-' are allowed (^[A-Za-z0-9_-]*$).");
        }

        if (VersionLike().IsMatch(alias))
        {
            return Error.Invalid($"Invalid alias name '{alias}': aliases like 'v<number>' are reserved for version references.");
        }

        return alias.ToLowerInvariant();
    }

    public static bool IsProtected(string alias, IEnumerable<string> protectedAliases) =>
        protectedAliases.Contains(alias, StringComparer.OrdinalIgnoreCase);

    [GeneratedRegex(@"^[A-Za-z0-9_\-]*$", RegexOptions.CultureInvariant)]
    private static partial Regex Allowed();

    [GeneratedRegex(@"^[vV]\d+$", RegexOptions.CultureInvariant)]
    private static partial Regex VersionLike();
}
