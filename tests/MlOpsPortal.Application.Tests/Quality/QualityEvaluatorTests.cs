using MlOpsPortal.Application.Datasets;
using MlOpsPortal.Application.Quality;
using Xunit;

namespace MlOpsPortal.Application.Tests.Quality;

public class QualityEvaluatorTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 7, 12, 0, 0, TimeSpan.Zero);

    private static DatasetTable Table() => new(6,
    [
        new DatasetColumn("id", ColumnType.Numeric, [1, 2, 3, 3, 5, 6], null),
        new DatasetColumn("age", ColumnType.Numeric, [30, double.NaN, 40, 40, 200, double.NaN], null),
        new DatasetColumn("color", ColumnType.Categorical, null, ["red", "blue", "green", "green", "red", "purple"]),
        new DatasetColumn("label", ColumnType.Categorical, null, ["yes", "no", "no", "no", "no", "no"]),
    ]);

    private static IReadOnlyList<ColumnSchema> Columns(DatasetTable t) => [.. t.Columns.Select(c => new ColumnSchema(c.Name, c.Type))];

    private static QualityCheck One(QualityRule rule, IReadOnlyList<ColumnSchema>? previous = null)
    {
        var table = Table();
        var report = QualityEvaluator.Evaluate(new QualityRuleSet([rule]), table, Columns(table), previous, previous is null ? null : 1, Now);
        return Assert.Single(report.Checks);
    }

    [Fact]
    public void Evaluate_MissingShareAboveMax_BlockingRuleFailsWithShareAndRows()
    {
        var check = One(new QualityRule(QualityRuleKind.MaxMissingShare, Column: "age", Max: 0.05, Severity: QualitySeverity.Blocking));

        Assert.Equal(QualityCheckStatus.Failed, check.Status);
        Assert.Equal("33.33 %", check.Observed);
        Assert.Equal(2, check.OffendingCount);
        Assert.Equal([1L, 5L], check.Examples.Select(e => e.Row));
        Assert.Contains("'age'", check.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_RangeAllowedUniqueDuplicateClass_EachFindsItsOffenders()
    {
        var range = One(new QualityRule(QualityRuleKind.Range, Column: "age", Min: 0, Max: 120));
        var allowed = One(new QualityRule(QualityRuleKind.AllowedValues, Column: "color", Values: ["red", "green", "blue"]));
        var unique = One(new QualityRule(QualityRuleKind.UniqueKey, Columns: ["id"]));
        var duplicates = One(new QualityRule(QualityRuleKind.MaxDuplicateShare, Max: 0.1));
        var classes = One(new QualityRule(QualityRuleKind.MinClassShare, Column: "label", Min: 0.2));

        Assert.Equal((QualityCheckStatus.Warning, "[30, 200]", 4L), (range.Status, range.Observed, range.Examples.Single().Row));
        Assert.Equal(("purple", 5L), (allowed.Examples.Single().Value, allowed.Examples.Single().Row));
        Assert.Equal((1L, 3L), (unique.OffendingCount, unique.Examples.Single().Row));
        Assert.Equal(("same as row 2", "16.67 %"), (duplicates.Examples.Single().Value, duplicates.Observed));
        Assert.Equal(QualityCheckStatus.Warning, classes.Status);
        Assert.Contains("yes (16.67 %)", classes.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_RulesThatHold_Pass()
    {
        var table = Table();
        var rules = new QualityRuleSet(
        [
            new QualityRule(QualityRuleKind.MaxMissingShare, Column: "color", Max: 0, Severity: QualitySeverity.Blocking),
            new QualityRule(QualityRuleKind.Range, Column: "id", Min: 1, Max: 6),
            new QualityRule(QualityRuleKind.MinClassShare, Column: "label", Min: 0.1),
            new QualityRule(QualityRuleKind.SchemaChange),
        ]);

        var report = QualityEvaluator.Evaluate(rules, table, Columns(table), null, null, Now);

        Assert.Equal(QualityReport.PassedStatus, report.Status);
        Assert.All(report.Checks, c => Assert.Equal(QualityCheckStatus.Passed, c.Status));
    }

    [Fact]
    public void Evaluate_SchemaChangedAgainstPreviousVersion_NamesAddedDroppedRetyped()
    {
        IReadOnlyList<ColumnSchema> previous = [new("id", ColumnType.Numeric), new("age", ColumnType.Categorical), new("city", ColumnType.Text), new("color", ColumnType.Categorical), new("label", ColumnType.Categorical)];

        var check = One(new QualityRule(QualityRuleKind.SchemaChange, Severity: QualitySeverity.Blocking), previous);

        Assert.Equal(QualityCheckStatus.Failed, check.Status);
        Assert.Equal("dropped 'city'; retyped 'age' categorical → numeric", check.Observed);
    }

    [Fact]
    public void Evaluate_RuleOnUnknownColumn_FailsSayingTheColumnIsMissing()
    {
        var check = One(new QualityRule(QualityRuleKind.MaxMissingShare, Column: "zip", Max: 0.1, Severity: QualitySeverity.Blocking));

        Assert.Equal((QualityCheckStatus.Failed, "The version has no column 'zip'."), (check.Status, check.Message));
    }

    [Fact]
    public void Validate_IncompleteRules_NamesEachFieldByPath()
    {
        var rules = new QualityRuleSet(
        [
            new QualityRule(QualityRuleKind.MaxMissingShare, Column: "a", Max: 5),
            new QualityRule(QualityRuleKind.AllowedValues),
            new QualityRule(QualityRuleKind.UniqueKey),
        ]);

        var error = rules.Validate();

        Assert.NotNull(error);
        Assert.Equal(["$.rules[0].max", "$.rules[1].column", "$.rules[2].columns"], error.Details!.Keys.Order(StringComparer.Ordinal).Where(k => k != "$.rules[1].values"));
        Assert.Contains("$.rules[1].values", error.Details!.Keys);
    }
}
