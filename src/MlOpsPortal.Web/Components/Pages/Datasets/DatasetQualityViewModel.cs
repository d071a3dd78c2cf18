using System.Globalization;
using MlOpsPortal.Application.Quality;
using MudBlazor;

namespace MlOpsPortal.Web.Components.Pages.Datasets;

/// <summary>One rule as the rules editor holds it: list fields as comma-separated text.</summary>
public sealed class QualityRuleDraft
{
    public QualityRuleKind Kind { get; set; } = QualityRuleKind.MaxMissingShare;

    public string? Column { get; set; }

    /// <summary>Key columns of a unique-key rule, comma-separated.</summary>
    public string? KeyColumns { get; set; }

    public double? Min { get; set; }

    public double? Max { get; set; }

    /// <summary>Allowed values, comma-separated.</summary>
    public string? Values { get; set; }

    public QualitySeverity Severity { get; set; } = QualitySeverity.Warning;

    public static QualityRuleDraft From(QualityRule rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        return new QualityRuleDraft
        {
            Kind = rule.Kind,
            Column = rule.Column,
            KeyColumns = rule.Columns is null ? null : string.Join(", ", rule.Columns),
            Min = rule.Min,
            Max = rule.Max,
            Values = rule.Values is null ? null : string.Join(", ", rule.Values),
            Severity = rule.Severity,
        };
    }

    public QualityRule ToRule() => new(
        Kind,
        DatasetQualityViewModel.UsesColumn(Kind) ? Column?.Trim() : null,
        Kind == QualityRuleKind.UniqueKey ? Split(KeyColumns) : null,
        DatasetQualityViewModel.UsesMin(Kind) ? Min : null,
        DatasetQualityViewModel.UsesMax(Kind) ? Max : null,
        Kind == QualityRuleKind.AllowedValues ? Split(Values) : null,
        Severity);

    private static string[]? Split(string? text) =>
        string.IsNullOrWhiteSpace(text) ? null : [.. text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)];
}

/// <summary>What the Quality tab shows and allows: rule drafts, their checks in the user's words, the report's wording and colours.</summary>
public sealed class DatasetQualityViewModel
{
    public static readonly IReadOnlyList<QualityRuleKind> Kinds = Enum.GetValues<QualityRuleKind>();

    public List<QualityRuleDraft> Drafts { get; } = [];

    public static string KindTitle(QualityRuleKind kind) => kind switch
    {
        QualityRuleKind.MaxMissingShare => "Max missing share",
        QualityRuleKind.Range => "Numeric range",
        QualityRuleKind.AllowedValues => "Allowed values",
        QualityRuleKind.UniqueKey => "Unique key",
        QualityRuleKind.MaxDuplicateShare => "Max duplicate rows",
        QualityRuleKind.MinClassShare => "Min share of each label class",
        _ => "No schema change",
    };

    public static bool UsesColumn(QualityRuleKind kind) =>
        kind is QualityRuleKind.MaxMissingShare or QualityRuleKind.Range or QualityRuleKind.AllowedValues or QualityRuleKind.MinClassShare;

    public static bool UsesMin(QualityRuleKind kind) => kind is QualityRuleKind.Range or QualityRuleKind.MinClassShare;

    public static bool UsesMax(QualityRuleKind kind) => kind is QualityRuleKind.Range or QualityRuleKind.MaxMissingShare or QualityRuleKind.MaxDuplicateShare;

    /// <summary>Label of the min field: a share (0–1) or a number.</summary>
    public static string MinLabel(QualityRuleKind kind) => kind == QualityRuleKind.MinClassShare ? "Min share (0–1)" : "Min";

    public static string MaxLabel(QualityRuleKind kind) => kind == QualityRuleKind.Range ? "Max" : "Max share (0–1)";

    public void Load(QualityRuleSet rules)
    {
        ArgumentNullException.ThrowIfNull(rules);
        Drafts.Clear();
        Drafts.AddRange(rules.Rules.Select(QualityRuleDraft.From));
    }

    public QualityRuleSet ToRuleSet() => new([.. Drafts.Select(d => d.ToRule())]);

    /// <summary>Problems of the drafts, each naming the rule by its position and kind ("Rule 2 (Numeric range): give a min, a max or both").</summary>
    public IReadOnlyList<string> Problems()
    {
        var error = ToRuleSet().Validate();
        if (error?.Details is not { } details)
        {
            return error is null ? [] : [error.Message];
        }

        var result = new List<string>();
        foreach (var (key, messages) in details)
        {
            var open = key.IndexOf('[', StringComparison.Ordinal);
            var close = key.IndexOf(']', StringComparison.Ordinal);
            if (open > 0 && close > open && int.TryParse(key.AsSpan(open + 1, close - open - 1), CultureInfo.InvariantCulture, out var index) && index < Drafts.Count)
            {
                result.Add($"Rule {index + 1} ({KindTitle(Drafts[index].Kind)}): {messages[0]}.");
            }
            else
            {
                result.Add(messages[0]);
            }
        }

        return result;
    }

    public static Color StatusColor(string status) => status switch
    {
        "passed" => Color.Success,
        "warning" => Color.Warning,
        "failing" or "failed" => Color.Error,
        _ => Color.Default,
    };

    public static string StatusText(string status) => status switch
    {
        "passed" => "quality passed",
        "warning" => "quality warnings",
        "failing" => "quality failing",
        _ => "no quality rules",
    };

    /// <summary>The offending examples in words: "rows 0, 3 (value x)".</summary>
    public static string Examples(QualityCheck check)
    {
        ArgumentNullException.ThrowIfNull(check);
        return check.Examples.Count == 0
            ? "—"
            : string.Join("; ", check.Examples.Select(e => e.Row < 0 ? e.Value ?? string.Empty : e.Value is null ? $"row {e.Row}" : $"row {e.Row}: {e.Value}"));
    }
}
