using Xunit;
using MlOpsPortal.Domain.Tracking;

namespace MlOpsPortal.Domain.Tests.Tracking;

public sealed class SearchFilterParserTests
{
    [Fact]
    public void Parse_ThreeClausesJoinedByAnd_ReturnsTypedClauses()
    {
        var result = SearchFilterParser.Parse("metrics.auc > 0.9 and params.max_depth = '6' AND tags.team = 'risk'");

        Assert.True(result.IsSuccess);
        Assert.Equal(
            [
                new FilterClause(FilterEntity.Metric, "auc", FilterOperator.Greater, new FilterValue(Number: 0.9)),
                new FilterClause(FilterEntity.Param, "max_depth", FilterOperator.Equal, new FilterValue(Text: "6")),
                new FilterClause(FilterEntity.Tag, "team", FilterOperator.Equal, new FilterValue(Text: "risk")),
            ],
            result.Value);
    }

    [Theory]
    [InlineData("metrics.`val loss` <= 1e-3", "val loss", 0.001)]
    [InlineData("metrics.\"f1.macro\" >= -2.5", "f1.macro", -2.5)]
    [InlineData("metric.acc != 1", "acc", 1.0)]
    public void Parse_QuotedOrSingularMetricNames_ReadsKeyAndNumber(string filter, string key, double number)
    {
        var clause = Assert.Single(SearchFilterParser.Parse(filter).Value);
        Assert.Equal(FilterEntity.Metric, clause.Entity);
        Assert.Equal(key, clause.Key);
        Assert.Equal(number, clause.Value.Number);
    }

    [Fact]
    public void Parse_AttributesAndRunIdList_CanonicalisesKeys()
    {
        var result = SearchFilterParser.Parse("attributes.status = 'finished' and run_name ILIKE '%cv%' and attributes.start_time > 1700000000000 and run_id IN ('a1', 'b2')");

        var clauses = result.Value;
        Assert.Equal(new FilterClause(FilterEntity.Attribute, "status", FilterOperator.Equal, new FilterValue(Text: "FINISHED")), clauses[0]);
        Assert.Equal(FilterOperator.ILike, clauses[1].Operator);
        Assert.Equal("run_name", clauses[1].Key);
        Assert.Equal(1_700_000_000_000d, clauses[2].Value.Number);
        Assert.Equal(["a1", "b2"], clauses[3].Value.List!);
    }

    [Theory]
    [InlineData("metrics.auc > 'high'", "position 15: expected a numeric value for metrics.auc, got 'high'")]
    [InlineData("params.max_depth = 6", "position 20: expected a quoted string value for params.max_depth")]
    [InlineData("metrics.auc > 0.9 or params.a = 'b'", "position 19: OR is not supported; join clauses with AND")]
    [InlineData("metric.auc LIKE '%9'", "operator 'LIKE' cannot be used with metrics.auc")]
    [InlineData("foo.bar = 'x'", "invalid entity type 'foo'")]
    [InlineData("attributes.colour = 'x'", "invalid attribute key 'colour'")]
    [InlineData("params.a = 'unterminated", "unclosed quote ' starting at position 12")]
    [InlineData("metrics.auc >", "expected a numeric value for metrics.auc, got the end of the text")]
    [InlineData("auc > 0.9", "'auc' is not a valid identifier; prefix it with metrics.")]
    [InlineData("attributes.status = 'DONE'", "'DONE' is not a run status")]
    [InlineData("metrics.auc > 0.9 params.a = 'b'", "expected AND or the end of the filter, got 'params.a'")]
    public void Parse_MalformedFilter_ExplainsWhereAndWhy(string filter, string expected)
    {
        var result = SearchFilterParser.Parse(filter);

        Assert.False(result.IsSuccess);
        Assert.Contains(expected, result.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_EmptyFilter_ReturnsNoClauses() => Assert.Empty(SearchFilterParser.Parse("  ").Value);

    [Fact]
    public void ParseOrderBy_MetricDescAndAttribute_ReturnsTerms()
    {
        var result = SearchFilterParser.ParseOrderBy(["metrics.auc DESC", "attributes.start_time", "params.`learning rate` asc"]);

        Assert.Equal(
            [
                new OrderClause(FilterEntity.Metric, "auc", true),
                new OrderClause(FilterEntity.Attribute, "start_time", false),
                new OrderClause(FilterEntity.Param, "learning rate", false),
            ],
            result.Value);
    }

    [Fact]
    public void ParseOrderBy_UnknownDirection_ReturnsError()
    {
        var result = SearchFilterParser.ParseOrderBy(["metrics.auc DOWN"]);
        Assert.Contains("expected ASC or DESC at position 13", result.Error?.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1001, 0, 0, "A batch logging request can contain at most 1000 metrics. Got 1001 metrics. Please split up metrics across multiple requests and try again.")]
    [InlineData(0, 101, 0, "at most 100 params. Got 101 params.")]
    [InlineData(900, 100, 1, "at most 1000 metrics, params, and tags in total")]
    public void ValidateBatch_OverLimits_UsesMlflowWording(int metrics, int parameters, int tags, string expected) =>
        Assert.Contains(expected, TrackingLimits.ValidateBatch(metrics, parameters, tags)!.Message, StringComparison.Ordinal);

    [Theory]
    [InlineData("a/b.c-d e:f", true)]
    [InlineData("/abs", false)]
    [InlineData("a/../b", false)]
    [InlineData("bad!name", false)]
    public void ValidateKey_MlflowNameRules_AcceptsOrRejects(string key, bool valid) =>
        Assert.Equal(valid, TrackingLimits.ValidateKey("param", key) is null);

    [Fact]
    public void Parse_AtTheClauseLimit_AcceptsAndOneMoreRefusesNamingTheLimit()
    {
        static string Clauses(int n) => string.Join(" AND ", Enumerable.Range(0, n).Select(i => $"metrics.m{i} > {i}"));

        Assert.Equal(TrackingLimits.MaxFilterClauses, SearchFilterParser.Parse(Clauses(TrackingLimits.MaxFilterClauses)).Value.Count);
        var refused = SearchFilterParser.Parse(Clauses(TrackingLimits.MaxFilterClauses + 1));
        Assert.Contains($"the limit is {TrackingLimits.MaxFilterClauses} clauses", refused.Error?.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_FilterOverTheLengthLimit_RefusedBeforeTokenizing()
    {
        var refused = SearchFilterParser.Parse("params.p = '" + new string('x', TrackingLimits.MaxFilterLength) + "'");

        Assert.Contains($"the limit is {TrackingLimits.MaxFilterLength} characters", refused.Error?.Message, StringComparison.Ordinal);
    }
}
