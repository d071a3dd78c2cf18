using System.Globalization;
using System.Text;
using MlOpsPortal.Application.Datasets;

namespace MlOpsPortal.Application.Quality;

/// <summary>
/// Evaluates a dataset's quality rules on one version held in memory (<see cref="DatasetTable"/>, typed by the version's
/// schema) and, for <see cref="QualityRuleKind.SchemaChange"/>, on its schema against the previous version's. Pure: no I/O.
/// </summary>
public static class QualityEvaluator
{
    public const int MaxExamples = 5;

    public static QualityReport Evaluate(
        QualityRuleSet rules, DatasetTable table, IReadOnlyList<ColumnSchema> columns, IReadOnlyList<ColumnSchema>? previous, int? previousVersion, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(columns);
        var checks = new List<QualityCheck>(rules.Rules.Count);
        for (var i = 0; i < rules.Rules.Count; i++)
        {
            var rule = rules.Rules[i];
            var outcome = rule.Kind switch
            {
                QualityRuleKind.MaxMissingShare => Missing(rule, table),
                QualityRuleKind.Range => Range(rule, table),
                QualityRuleKind.AllowedValues => Allowed(rule, table),
                QualityRuleKind.UniqueKey => Unique(rule, table),
                QualityRuleKind.MaxDuplicateShare => Duplicates(rule, table),
                QualityRuleKind.MinClassShare => ClassShare(rule, table),
                _ => Schema(columns, previous, previousVersion),
            };
            var status = outcome.Passed ? QualityCheckStatus.Passed
                : rule.Severity == QualitySeverity.Blocking ? QualityCheckStatus.Failed : QualityCheckStatus.Warning;
            checks.Add(new QualityCheck(i, rule, status, outcome.Observed, outcome.Expected, outcome.Message, outcome.Offending, outcome.Examples));
        }

        return new QualityReport(QualityReport.StatusOf(checks), now, previousVersion, checks);
    }

    private sealed record Outcome(bool Passed, string Observed, string Expected, string Message, long Offending = 0, IReadOnlyList<QualityExample>? ExampleRows = null)
    {
        public IReadOnlyList<QualityExample> Examples => ExampleRows ?? [];
    }

    private static Outcome NoColumn(string? column) =>
        new(false, "column missing", $"column '{column}'", $"The version has no column '{column}'.");

    private static Outcome Missing(QualityRule rule, DatasetTable table)
    {
        if (table.Find(rule.Column!) is not { } column)
        {
            return NoColumn(rule.Column);
        }

        var examples = new List<QualityExample>();
        long missing = 0;
        for (var r = 0; r < table.RowCount; r++)
        {
            if (IsMissing(column, r))
            {
                missing++;
                if (examples.Count < MaxExamples)
                {
                    examples.Add(new QualityExample(r, null));
                }
            }
        }

        var share = table.RowCount == 0 ? 0 : (double)missing / table.RowCount;
        var max = rule.Max ?? 0;
        return new Outcome(share <= max, Pct(share), $"≤ {Pct(max)}",
            $"Column '{column.Name}' is missing in {Pct(share)} of rows ({missing} of {table.RowCount}); the rule allows {Pct(max)}.", missing, examples);
    }

    private static Outcome Range(QualityRule rule, DatasetTable table)
    {
        if (table.Find(rule.Column!) is not { } column)
        {
            return NoColumn(rule.Column);
        }

        var expected = $"[{(rule.Min is { } lo ? N(lo) : "−∞")}, {(rule.Max is { } hi ? N(hi) : "∞")}]";
        if (column.Numbers is not { } numbers)
        {
            return new Outcome(false, $"{column.Type} column", expected, $"Column '{column.Name}' is not numeric, so its range cannot be checked.");
        }

        var examples = new List<QualityExample>();
        long bad = 0;
        double min = double.PositiveInfinity, max = double.NegativeInfinity;
        for (var r = 0; r < numbers.Length; r++)
        {
            var x = numbers[r];
            if (double.IsNaN(x))
            {
                continue;
            }

            min = Math.Min(min, x);
            max = Math.Max(max, x);
            if (x < (rule.Min ?? double.NegativeInfinity) || x > (rule.Max ?? double.PositiveInfinity))
            {
                bad++;
                if (examples.Count < MaxExamples)
                {
                    examples.Add(new QualityExample(r, N(x)));
                }
            }
        }

        var observed = double.IsInfinity(min) ? "no values" : $"[{N(min)}, {N(max)}]";
        return new Outcome(bad == 0, observed, expected,
            bad == 0 ? $"Every value of '{column.Name}' lies in {expected}." : $"{bad} value(s) of '{column.Name}' lie outside {expected} (observed {observed}).", bad, examples);
    }

    private static Outcome Allowed(QualityRule rule, DatasetTable table)
    {
        if (table.Find(rule.Column!) is not { } column)
        {
            return NoColumn(rule.Column);
        }

        var allowed = new HashSet<string>(rule.Values ?? [], StringComparer.Ordinal);
        var examples = new List<QualityExample>();
        var others = new SortedSet<string>(StringComparer.Ordinal);
        long bad = 0;
        for (var r = 0; r < table.RowCount; r++)
        {
            if (IsMissing(column, r))
            {
                continue;
            }

            var text = Text(column, r)!;
            if (!allowed.Contains(text))
            {
                bad++;
                if (others.Count < 20)
                {
                    others.Add(text);
                }

                if (examples.Count < MaxExamples)
                {
                    examples.Add(new QualityExample(r, text));
                }
            }
        }

        var expected = "one of " + string.Join(", ", allowed.Take(20));
        return new Outcome(bad == 0, bad == 0 ? "only allowed values" : $"{bad} other value(s): {string.Join(", ", others)}", expected,
            bad == 0 ? $"Every value of '{column.Name}' is allowed." : $"{bad} value(s) of '{column.Name}' are not allowed, e.g. {string.Join(", ", others.Take(5))}.",
            bad, examples);
    }

    private static Outcome Unique(QualityRule rule, DatasetTable table)
    {
        var keyColumns = new List<DatasetColumn>();
        foreach (var name in rule.Columns ?? [])
        {
            if (table.Find(name) is not { } c)
            {
                return NoColumn(name);
            }

            keyColumns.Add(c);
        }

        var (repeats, examples) = Repeats(table, keyColumns);
        var key = string.Join(", ", keyColumns.Select(c => c.Name));
        return new Outcome(repeats == 0, $"{repeats} repeated key(s)", "0 repeated keys",
            repeats == 0 ? $"({key}) identifies every row." : $"{repeats} row(s) repeat a key ({key}) of an earlier row.", repeats, examples);
    }

    private static Outcome Duplicates(QualityRule rule, DatasetTable table)
    {
        var (repeats, examples) = Repeats(table, table.Columns);
        var share = table.RowCount == 0 ? 0 : (double)repeats / table.RowCount;
        var max = rule.Max ?? 0;
        return new Outcome(share <= max, Pct(share), $"≤ {Pct(max)}",
            $"{repeats} row(s) ({Pct(share)}) repeat an earlier row exactly; the rule allows {Pct(max)}.", repeats, examples);
    }

    private static Outcome ClassShare(QualityRule rule, DatasetTable table)
    {
        if (table.Find(rule.Column!) is not { } column)
        {
            return NoColumn(rule.Column);
        }

        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        long present = 0;
        for (var r = 0; r < table.RowCount; r++)
        {
            if (!IsMissing(column, r))
            {
                var text = Text(column, r)!;
                counts[text] = counts.GetValueOrDefault(text) + 1;
                present++;
            }
        }

        var min = rule.Min ?? 0;
        var shares = counts.OrderBy(c => c.Value).Select(c => (c.Key, Share: present == 0 ? 0 : (double)c.Value / present)).ToList();
        var small = shares.Where(s => s.Share < min).ToList();
        var observed = string.Join(", ", shares.Select(s => $"{s.Key}: {Pct(s.Share)}"));
        return new Outcome(small.Count == 0 && shares.Count > 0, observed, $"each class ≥ {Pct(min)}",
            small.Count == 0
                ? $"Every class of '{column.Name}' holds at least {Pct(min)} of the rows."
                : $"Class(es) of '{column.Name}' below {Pct(min)}: {string.Join(", ", small.Select(s => $"{s.Key} ({Pct(s.Share)})"))}.",
            small.Count, [.. small.Select(s => new QualityExample(-1, s.Key))]);
    }

    private static Outcome Schema(IReadOnlyList<ColumnSchema> columns, IReadOnlyList<ColumnSchema>? previous, int? previousVersion)
    {
        if (previous is null)
        {
            return new Outcome(true, "first version", "no change", "There is no previous version to compare with.");
        }

        var before = previous.ToDictionary(c => c.Name, c => c.Type, StringComparer.Ordinal);
        var now = columns.ToDictionary(c => c.Name, c => c.Type, StringComparer.Ordinal);
        var changes = new List<string>();
        changes.AddRange(columns.Where(c => !before.ContainsKey(c.Name)).Select(c => $"added '{c.Name}'"));
        changes.AddRange(previous.Where(c => !now.ContainsKey(c.Name)).Select(c => $"dropped '{c.Name}'"));
        changes.AddRange(columns.Where(c => before.TryGetValue(c.Name, out var t) && t != c.Type)
            .Select(c => $"retyped '{c.Name}' {Lower(before[c.Name])} → {Lower(c.Type)}"));
        return new Outcome(changes.Count == 0, changes.Count == 0 ? "no change" : string.Join("; ", changes), "no change",
            changes.Count == 0 ? $"Same columns and types as version {previousVersion}." : $"Schema changed since version {previousVersion}: {string.Join("; ", changes)}.",
            changes.Count, [.. changes.Take(MaxExamples).Select(c => new QualityExample(-1, c))]);
    }

    private static (long Repeats, List<QualityExample> Examples) Repeats(DatasetTable table, IReadOnlyList<DatasetColumn> columns)
    {
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        var examples = new List<QualityExample>();
        long repeats = 0;
        var key = new StringBuilder();
        for (var r = 0; r < table.RowCount; r++)
        {
            key.Clear();
            foreach (var c in columns)
            {
                var text = Text(c, r);
                key.Append(text is null ? "\u0001" : text).Append('\u0000');
            }

            var k = key.ToString();
            if (seen.TryGetValue(k, out var first))
            {
                repeats++;
                if (examples.Count < MaxExamples)
                {
                    examples.Add(new QualityExample(r, $"same as row {first}"));
                }
            }
            else
            {
                seen[k] = r;
            }
        }

        return (repeats, examples);
    }

    private static bool IsMissing(DatasetColumn column, int row) =>
        column.Numbers is { } n ? double.IsNaN(n[row]) : column.Values![row] is null;

    private static string? Text(DatasetColumn column, int row) =>
        column.Numbers is { } n ? (double.IsNaN(n[row]) ? null : N(n[row])) : column.Values![row];

    private static string Lower(ColumnType type) => type.ToString().ToLowerInvariant();

    private static string N(double x) => x.ToString("G10", CultureInfo.InvariantCulture);

    private static string Pct(double share) => (share * 100).ToString("0.##", CultureInfo.InvariantCulture) + " %";
}
