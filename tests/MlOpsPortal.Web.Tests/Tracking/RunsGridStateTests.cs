using MlOpsPortal.Web.Components.Pages.Tracking;

namespace MlOpsPortal.Web.Tests.Tracking;

public sealed class RunsGridStateTests
{
    [Fact]
    public void ToUrl_FromQuery_RoundTripsPageSortColumnsAndFilter()
    {
        var state = new RunsGridState(2, 100, "metrics.validation_auc", true, ["metrics.validation_auc", "params.max_depth"], "metrics.auc > 0.9 and params.eta = '0.1'");

        var url = state.ToUrl("7");
        var query = System.Web.HttpUtility.ParseQueryString(new Uri("http://x" + url).Query);
        var back = RunsGridState.FromQuery(query["page"], query["size"], query["sort"], query["cols"], query["filter"]);

        Assert.StartsWith("/experiments/7?page=3&size=100&sort=metrics.validation_auc%20desc&cols=", url, StringComparison.Ordinal);
        Assert.True(back.SameAs(state), $"{url} -> {back}");
        Assert.Equal("metrics.validation_auc DESC", back.OrderBy);
        Assert.Equal(["validation_auc"], back.MetricColumns);
        Assert.Equal(["max_depth"], back.ParamColumns);
    }

    [Fact]
    public void ToUrl_DefaultView_IsThePlainExperimentUrl()
    {
        Assert.Equal("/experiments/7", RunsGridState.Default.ToUrl("7"));
        Assert.True(RunsGridState.FromQuery(null, null, null, null, null).SameAs(RunsGridState.Default));
    }

    [Fact]
    public void FromQuery_NoColumnsChosen_DiffersFromDefaultColumns()
    {
        var none = RunsGridState.FromQuery(null, null, null, string.Empty, null);

        Assert.NotNull(none.Columns);
        Assert.Empty(none.Columns);
        Assert.Equal("/experiments/1?cols=", none.ToUrl("1"));
        Assert.False(none.SameAs(RunsGridState.Default));
    }

    [Theory]
    [InlineData("0", "13", "drop table runs", 50, "attributes.start_time", true)]
    [InlineData("-4", "25", "params.max_depth asc", 25, "params.max_depth", false)]
    [InlineData("x", "200", "none", 200, null, false)]
    public void FromQuery_MalformedValues_FallBackToDefaults(string page, string size, string sort, int expectedSize, string? expectedSort, bool expectedDescending)
    {
        var state = RunsGridState.FromQuery(page, size, sort, null, null);

        Assert.Equal(0, state.Page);
        Assert.Equal(expectedSize, state.PageSize);
        Assert.Equal(expectedSort, state.SortKey);
        Assert.Equal(expectedDescending, state.Descending);
    }

    [Fact]
    public void FromQuery_ColumnsWithoutPrefix_AreIgnored()
    {
        var state = RunsGridState.FromQuery(null, null, null, "metrics.auc,bogus,params.eta,metrics.auc", null);

        Assert.Equal(["metrics.auc", "params.eta"], state.Columns);
    }

    [Fact]
    public void Columns_NotChosen_DefaultToFourMetricsAndThreeParams()
    {
        var columns = RunsTableViewModel.DefaultColumns(["a", "b", "c", "d", "e"], ["p", "q", "r", "s"]);

        Assert.Equal(["metrics.a", "metrics.b", "metrics.c", "metrics.d", "params.p", "params.q", "params.r"], columns);
    }

    [Fact]
    public void DescribeError_BadFilter_SaysWhatAndShowsAnExample()
    {
        var message = RunsTableViewModel.DescribeError("Invalid value 'high' for metrics.auc.");

        Assert.StartsWith("The filter could not be applied: Invalid value 'high' for metrics.auc. Example: metrics.auc > 0.8", message, StringComparison.Ordinal);
    }
}
