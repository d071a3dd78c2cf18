using System.Text.Json.Serialization;
using MlOpsPortal.Domain.Common;

namespace MlOpsPortal.Application.Quality;

/// <summary>What a data-quality rule checks; serialized in camelCase (<c>maxMissingShare</c>, <c>range</c>, ...).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<QualityRuleKind>))]
public enum QualityRuleKind
{
    /// <summary>Share of missing values in <see cref="QualityRule.Column"/> at most <see cref="QualityRule.Max"/> (0–1).</summary>
    [JsonStringEnumMemberName("maxMissingShare")]
    MaxMissingShare,

    /// <summary>Every non-missing value of a numeric column within [<see cref="QualityRule.Min"/>, <see cref="QualityRule.Max"/>].</summary>
    [JsonStringEnumMemberName("range")]
    Range,

    /// <summary>Every non-missing value of the column is one of <see cref="QualityRule.Values"/>.</summary>
    [JsonStringEnumMemberName("allowedValues")]
    AllowedValues,

    /// <summary>The combination of <see cref="QualityRule.Columns"/> identifies each row (no repeats).</summary>
    [JsonStringEnumMemberName("uniqueKey")]
    UniqueKey,

    /// <summary>Share of rows that repeat an earlier row exactly, at most <see cref="QualityRule.Max"/> (0–1).</summary>
    [JsonStringEnumMemberName("maxDuplicateShare")]
    MaxDuplicateShare,

    /// <summary>Each class of the label <see cref="QualityRule.Column"/> holds at least <see cref="QualityRule.Min"/> (0–1) of the rows.</summary>
    [JsonStringEnumMemberName("minClassShare")]
    MinClassShare,

    /// <summary>No column added, dropped or retyped against the previous version.</summary>
    [JsonStringEnumMemberName("schemaChange")]
    SchemaChange,
}

/// <summary>A failing warning rule is shown; a failing blocking rule stops training, HPO and recipes on the version.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<QualitySeverity>))]
public enum QualitySeverity
{
    [JsonStringEnumMemberName("warning")]
    Warning,

    [JsonStringEnumMemberName("blocking")]
    Blocking,
}

/// <summary>One rule of a dataset; which fields it uses depends on <see cref="Kind"/>.</summary>
public sealed record QualityRule(
    QualityRuleKind Kind,
    string? Column = null,
    IReadOnlyList<string>? Columns = null,
    double? Min = null,
    double? Max = null,
    IReadOnlyList<string>? Values = null,
    QualitySeverity Severity = QualitySeverity.Warning)
{
    /// <summary>A short name for messages: <c>maxMissingShare(age)</c>.</summary>
    public string Describe() => Kind switch
    {
        QualityRuleKind.UniqueKey => $"{Name(Kind)}({string.Join(", ", Columns ?? [])})",
        QualityRuleKind.MaxDuplicateShare or QualityRuleKind.SchemaChange => Name(Kind),
        _ => $"{Name(Kind)}({Column})",
    };

    public static string Name(QualityRuleKind kind) => kind switch
    {
        QualityRuleKind.MaxMissingShare => "maxMissingShare",
        QualityRuleKind.Range => "range",
        QualityRuleKind.AllowedValues => "allowedValues",
        QualityRuleKind.UniqueKey => "uniqueKey",
        QualityRuleKind.MaxDuplicateShare => "maxDuplicateShare",
        QualityRuleKind.MinClassShare => "minClassShare",
        _ => "schemaChange",
    };
}

/// <summary>The rules of one dataset, applied to each of its new versions.</summary>
public sealed record QualityRuleSet(IReadOnlyList<QualityRule> Rules)
{
    public const int MaxRules = 200;

    public static readonly QualityRuleSet Empty = new([]);

    /// <summary>Checks the rules' shape (not the data): every problem keyed by its JSON path (<c>$.rules[2].max</c>).</summary>
    public Error? Validate()
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (Rules is null)
        {
            return new Error(ErrorCode.InvalidArgument, "\"rules\" is required (an empty list removes every rule).");
        }

        if (Rules.Count > MaxRules)
        {
            errors["$.rules"] = [$"at most {MaxRules} rules"];
        }

        for (var i = 0; i < Rules.Count; i++)
        {
            foreach (var (field, message) in Problems(Rules[i]))
            {
                errors[$"$.rules[{i}].{field}"] = [message];
            }
        }

        return errors.Count == 0
            ? null
            : new Error(ErrorCode.InvalidArgument, "Some rules are incomplete: " + string.Join("; ", errors.Select(e => $"{e.Key}: {e.Value[0]}")), errors);
    }

    private static IEnumerable<(string Field, string Message)> Problems(QualityRule? rule)
    {
        if (rule is null)
        {
            yield return ("kind", "a rule is required");
            yield break;
        }

        var needsColumn = rule.Kind is QualityRuleKind.MaxMissingShare or QualityRuleKind.Range or QualityRuleKind.AllowedValues or QualityRuleKind.MinClassShare;
        if (needsColumn && string.IsNullOrWhiteSpace(rule.Column))
        {
            yield return ("column", $"a {QualityRule.Name(rule.Kind)} rule needs the column it checks");
        }

        switch (rule.Kind)
        {
            case QualityRuleKind.MaxMissingShare or QualityRuleKind.MaxDuplicateShare when rule.Max is not (>= 0 and <= 1):
                yield return ("max", "give the largest allowed share, between 0 and 1 (0.05 = 5 %)");
                break;
            case QualityRuleKind.MinClassShare when rule.Min is not (>= 0 and <= 1):
                yield return ("min", "give the smallest allowed share of each class, between 0 and 1");
                break;
            case QualityRuleKind.Range when rule.Min is null && rule.Max is null:
                yield return ("min", "give a min, a max or both");
                break;
            case QualityRuleKind.Range when rule.Min > rule.Max:
                yield return ("max", "max must not be below min");
                break;
            case QualityRuleKind.AllowedValues when rule.Values is not { Count: > 0 }:
                yield return ("values", "list the allowed values");
                break;
            case QualityRuleKind.UniqueKey when rule.Columns is not { Count: > 0 } || rule.Columns.Any(string.IsNullOrWhiteSpace):
                yield return ("columns", "list the key columns");
                break;
        }
    }
}
