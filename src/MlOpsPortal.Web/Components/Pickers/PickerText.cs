using System.Globalization;
using System.Text.RegularExpressions;

namespace MlOpsPortal.Web.Components.Pickers;

/// <summary>How pickers read what the user typed and how they show options (kept apart so it is tested without rendering).</summary>
public static partial class PickerText
{
    /// <summary>
    /// Splits "adult v3" into ("adult", 3); "adult" into ("adult", null); blank into ("", null). What follows " · " (an
    /// option's details, searched again when the user reopens a picker) is ignored.
    /// </summary>
    public static (string Name, int? Version) ParseNameAndVersion(string? text)
    {
        var trimmed = text ?? string.Empty;
        var details = trimmed.IndexOf('·', StringComparison.Ordinal);
        trimmed = (details >= 0 ? trimmed[..details] : trimmed).Trim();
        var match = NameVersion().Match(trimmed);
        return match.Success && int.TryParse(match.Groups[2].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var version)
            ? (match.Groups[1].Value.Trim(), version)
            : (trimmed, null);
    }

    /// <summary>A LIKE pattern matching <paramref name="text"/> anywhere, with LIKE's wildcards escaped.</summary>
    public static string ContainsPattern(string text) =>
        "%" + text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal) + "%";

    /// <summary>"adult v3 · 32,561 rows".</summary>
    public static string DatasetVersion(DatasetVersionOption option) =>
        string.Create(CultureInfo.InvariantCulture, $"{option.Ref} · {option.Rows:N0} rows");

    /// <summary>"age · numeric".</summary>
    public static string Column(ColumnOption option) =>
        option.Name + " · " + option.Type.ToString().ToLowerInvariant();

    /// <summary>"&gt;50K · 7,841 rows".</summary>
    public static string LabelValue(LabelValueOption option) =>
        string.Create(CultureInfo.InvariantCulture, $"{option.Value} · {option.Count:N0} rows");

    /// <summary>"validation_roc_auc 0.9271", or empty without a metric.</summary>
    public static string Metric(RunOption option) =>
        option.MetricKey is null || option.MetricValue is null
            ? string.Empty
            : option.MetricKey + " " + option.MetricValue.Value.ToString("0.####", CultureInfo.InvariantCulture);

    /// <summary>"churn v3 · champion, challenger" (aliases only when there are some).</summary>
    public static string ModelVersion(ModelVersionOption option) =>
        option.Aliases.Count == 0 ? option.Ref.ToString() : option.Ref + " · " + string.Join(", ", option.Aliases);

    /// <summary>"champion → v3", "production (not set yet)".</summary>
    public static string Alias(AliasOption option) =>
        option.Version is { } v ? string.Create(CultureInfo.InvariantCulture, $"{option.Alias} → v{v}") : option.Alias + " (not set yet)";

    /// <summary>The start of a run id as the user may type it (32 hex digits, or the dashed form), in the dashed form; null if it is not hex.</summary>
    public static string? RunIdPrefix(string text)
    {
        var hex = text.Replace("-", string.Empty, StringComparison.Ordinal).ToLowerInvariant();
        if (hex.Length is < 4 or > 32 || !hex.All(char.IsAsciiHexDigit))
        {
            return null;
        }

        var dashed = new System.Text.StringBuilder(36);
        for (var i = 0; i < hex.Length; i++)
        {
            if (i is 8 or 12 or 16 or 20)
            {
                dashed.Append('-');
            }

            dashed.Append(hex[i]);
        }

        return dashed.ToString();
    }

    /// <summary>"Choose a dataset version." from the label "Dataset version".</summary>
    public static string RequiredMessage(string label)
    {
        var noun = string.IsNullOrWhiteSpace(label) ? "value" : label.Trim().TrimEnd('*').Trim().ToLowerInvariant();
        var article = "aeiou".Contains(noun[0], StringComparison.Ordinal) ? "an" : "a";
        return $"Choose {article} {noun}.";
    }

    /// <summary>Why a new alias name cannot be used, in the user's words; null when it can.</summary>
    public static string? AliasProblem(string? alias)
    {
        if (string.IsNullOrEmpty(alias) || Domain.Registry.AliasRules.Validate(alias).IsSuccess)
        {
            return null;
        }

        return alias.Length > Domain.Registry.AliasRules.MaxLength
            ? $"An alias has at most {Domain.Registry.AliasRules.MaxLength} characters."
            : VersionLike().IsMatch(alias)
                ? $"\"{alias}\" reads as a version number; choose a name such as champion."
                : "An alias uses letters, digits, '_' and '-' only.";
    }

    [GeneratedRegex(@"^v\d+$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, 1000)]
    private static partial Regex VersionLike();

    [GeneratedRegex(@"^(.*?)\s+v(\d{1,9})$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, 1000)]
    private static partial Regex NameVersion();
}
