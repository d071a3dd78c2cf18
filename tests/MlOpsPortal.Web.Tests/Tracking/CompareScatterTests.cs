using MlOpsPortal.Infrastructure.Tracking;
using MlOpsPortal.Web.Components.Pages.Tracking;

namespace MlOpsPortal.Web.Tests.Tracking;

public sealed class CompareScatterTests
{
    [Fact]
    public void Build_NumericParam_PlotsValuesSortedNumerically()
    {
        RunDto[] runs = [Run("a", [("eta", "0.3")], ("auc", 0.91)), Run("b", [("eta", "1e-2")], ("auc", 0.84)), Run("c", [("eta", "0.1")], ("auc", 0.88))];

        var plot = CompareScatter.Build(runs, "eta", "auc");

        Assert.True(plot.Numeric);
        Assert.Equal([("b", 0.01, 0.84), ("c", 0.1, 0.88), ("a", 0.3, 0.91)], plot.Points.Select(p => (p.RunName, p.X, p.Y)));
        Assert.Null(plot.AxisMin);
        Assert.Null(plot.LeftOut);
    }

    [Fact]
    public void Build_NumericParam_TenSortsAfterNineNotAsText()
    {
        RunDto[] runs = [Run("ten", [("max_depth", "10")], ("auc", 0.9)), Run("nine", [("max_depth", "9")], ("auc", 0.8))];

        var plot = CompareScatter.Build(runs, "max_depth", "auc");

        Assert.Equal(["nine", "ten"], plot.Points.Select(p => p.RunName));
        Assert.Equal([9.0, 10.0], plot.Points.Select(p => p.X));
    }

    [Fact]
    public void Build_CategoricalParam_MapsSortedValuesToPositionsWithAxisLabels()
    {
        RunDto[] runs =
        [
            Run("r1", [("booster", "gbtree")], ("auc", 0.9)),
            Run("r2", [("booster", "dart")], ("auc", 0.8)),
            Run("r3", [("booster", "gblinear")], ("auc", 0.7)),
            Run("r4", [("booster", "dart")], ("auc", 0.85)),
        ];

        var plot = CompareScatter.Build(runs, "booster", "auc");

        Assert.False(plot.Numeric);
        Assert.Equal(["dart", "gblinear", "gbtree"], plot.Categories);
        Assert.Equal([("r2", 0.0), ("r4", 0.0), ("r3", 1.0), ("r1", 2.0)], plot.Points.Select(p => (p.RunName, p.X)));
        Assert.Equal(["", "dart", "gblinear", "gbtree", ""], new object[] { -1.0, 0.0, 1.0, 2.0, 3.0 }.Select(plot.CategoryLabel));
        Assert.Equal(string.Empty, plot.CategoryLabel(0.5));
        Assert.Equal((-1.0, 3.0, 1.0), (plot.AxisMin, plot.AxisMax, plot.AxisStep));
    }

    [Fact]
    public void Build_OneValueNotANumber_TreatsTheWholeParamAsCategorical()
    {
        RunDto[] runs = [Run("a", [("lr", "0.1")], ("auc", 0.9)), Run("b", [("lr", "auto")], ("auc", 0.8)), Run("c", [("lr", "Infinity")], ("auc", 0.7))];

        var plot = CompareScatter.Build(runs, "lr", "auc");

        Assert.False(plot.Numeric);
        Assert.Equal(["0.1", "Infinity", "auto"], plot.Categories);
    }

    [Fact]
    public void Build_RunsWithoutTheParamOrMetric_AreLeftOutAndCounted()
    {
        RunDto[] runs =
        [
            Run("full", [("max_depth", "6")], ("auc", 0.9)),
            Run("no-depth-1", [("eta", "0.1")], ("auc", 0.8)),
            Run("no-depth-2", [], ("auc", 0.7)),
            Run("no-auc", [("max_depth", "4")], ("logloss", 0.3)),
        ];

        var plot = CompareScatter.Build(runs, "max_depth", "auc");

        Assert.Equal(["full"], plot.Points.Select(p => p.RunName));
        Assert.Equal("Left out of the scatter: 2 runs have no value for max_depth; 1 run has no value for auc.", plot.LeftOut);
    }

    [Fact]
    public void Build_Point_TooltipNamesRunAndBothValues()
    {
        var plot = CompareScatter.Build([Run("deep", [("max_depth", "6")], ("auc", 0.93))], "max_depth", "auc");

        Assert.Equal("deep: max_depth = 6, auc = 0.93", plot.Points.Single().Tooltip("max_depth", "auc"));
    }

    [Fact]
    public void DefaultParam_FirstParamsEqual_PicksTheFirstThatDiffers()
    {
        RunDto[] runs = [Run("a", [("eta", "0.1"), ("max_depth", "4"), ("seed", "1")]), Run("b", [("eta", "0.1"), ("max_depth", "6"), ("seed", "2")])];
        var rows = CompareViewModel.BuildRows(runs, r => r.Params.ToDictionary(p => p.Key, p => p.Value));

        Assert.Equal("max_depth", CompareScatter.DefaultParam(rows));
        Assert.Equal("eta", CompareScatter.DefaultParam(rows.Select(r => r with { Differs = false }).ToList()));
        Assert.Null(CompareScatter.DefaultParam([]));
    }

    [Fact]
    public void DefaultMetric_OverlayMetricPresent_PicksItElseTheFirst()
    {
        CompareRow[] rows = [new("auc", ["0.9", "0.8"], true), new("logloss", ["0.3", "0.4"], true)];

        Assert.Equal("logloss", CompareScatter.DefaultMetric(rows, "logloss"));
        Assert.Equal("auc", CompareScatter.DefaultMetric(rows, "gone"));
        Assert.Equal("auc", CompareScatter.DefaultMetric(rows, null));
        Assert.Null(CompareScatter.DefaultMetric([], "auc"));
    }

    [Fact]
    public void Build_NoParamChosen_IsEmpty() =>
        Assert.Empty(CompareScatter.Build([Run("a", [("eta", "0.1")], ("auc", 0.9))], null, "auc").Points);

    private static RunDto Run(string name, (string Key, string Value)[] parameters, params (string Key, double Value)[] metrics) => new(
        new RunInfoDto("id-" + name, "1", name, "u", "FINISHED", 0, null, string.Empty, "active", null, "external"),
        metrics.Select(m => new MetricValue(m.Key, m.Value, 0, 0)).ToList(),
        parameters.Select(p => new KeyValue(p.Key, p.Value)).ToList(),
        [],
        []);
}
