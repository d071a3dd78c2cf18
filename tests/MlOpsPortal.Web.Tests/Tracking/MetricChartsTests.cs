using MlOpsPortal.Infrastructure.Tracking;
using MlOpsPortal.Web.Components.Pages.Tracking;
using Plotly.Blazor.Traces;

namespace MlOpsPortal.Web.Tests.Tracking;

public sealed class MetricChartsTests
{
    [Theory]
    [InlineData(0.15000000000000002, "0.15")]
    [InlineData(0.8712345678, "0.871235")]
    [InlineData(200.0, "200")]
    [InlineData(1234567.89, "1234568")]
    [InlineData(-0.000123456789, "-0.000123457")]
    [InlineData(0.0000012345, "1.2345e-6")]
    [InlineData(0.0, "0")]
    [InlineData(double.NaN, "NaN")]
    public void Format_Doubles_SixSignificantDigitsWithoutBinaryNoise(double value, string expected) =>
        Assert.Equal(expected, NumberFormat.Format(value));

    [Theory]
    [InlineData("validation_auc", "auc")]
    [InlineData("train_auc", "auc")]
    [InlineData("test_roc_auc", "roc_auc")]
    [InlineData("logloss", "logloss")]
    [InlineData("train_", "train_")]
    public void Family_PrefixedKeys_ShareTheirMetricName(string key, string family) =>
        Assert.Equal(family, MetricCharts.Family(key));

    [Fact]
    public void Group_TrainAndValidationCurves_OneChartPerFamilyWithEveryPoint()
    {
        var validation = Series("validation_auc", 200);
        var train = Series("train_auc", 200);
        var logloss = Series("validation_logloss", 200);
        var single = Series("test_roc_auc", 1);

        var families = MetricCharts.Group([validation, single, logloss, train]);

        Assert.Equal(["auc", "logloss"], families.Select(f => f.Name));
        Assert.Equal(["train_auc", "validation_auc"], families[0].Series.Select(s => s.Key));
        var traces = MetricCharts.Traces(families[0].Series, MetricCharts.Axis(families[0].Series, byTime: false)).Cast<Scatter>().ToList();
        Assert.Equal(["train_auc", "validation_auc"], traces.Select(t => t.Name));
        Assert.All(traces, t => Assert.Equal(200, t.X.Count));
        Assert.Equal(Enumerable.Range(0, 200).Select(i => (object)(double)i), traces[1].X);
        Assert.Equal(0.5 + (199 * 0.001), (double)traces[1].Y[199], 9);
    }

    [Fact]
    public void Singles_MetricsWithoutChart_ListedWithReadableValues()
    {
        MetricValue[] latest = [new("validation_auc", 0.9, 0, 199), new("test_roc_auc", 0.15000000000000002, 0, 0), new("test_accuracy", 0.85, 0, 0)];

        var singles = MetricCharts.Singles(latest, new HashSet<string>(["validation_auc"]));

        Assert.Equal([("test_accuracy", "0.85"), ("test_roc_auc", "0.15")], singles.Select(s => (s.Key, s.Value)));
    }

    [Fact]
    public void Axis_ByTime_SecondsOrMinutesSinceTheFirstPointNotEpochMilliseconds()
    {
        const long start = 1_700_000_000_000;
        var shortRun = new ChartSeries("r", "auc", true, 3, false, [new(start, 0.1, 0.1, 0.1), new(start + 1500, 0.2, 0.2, 0.2), new(start + 90_000, 0.3, 0.3, 0.3)]);
        var longRun = shortRun with { Points = [new(start, 0.1, 0.1, 0.1), new(start + (30 * 60_000), 0.2, 0.2, 0.2)] };

        var seconds = MetricCharts.Axis([shortRun], byTime: true);
        var minutes = MetricCharts.Axis([longRun], byTime: true);

        Assert.Equal("seconds since start", seconds.Title);
        Assert.Equal(new double[] { 0, 1.5, 90 }, shortRun.Points.Select(seconds.X));
        Assert.Equal("minutes since start", minutes.Title);
        Assert.Equal(30.0, minutes.X(longRun.Points[1]));
    }

    [Fact]
    public void Overlay_ByTime_EachRunFromItsOwnStart()
    {
        var a = new ChartSeries("a", "auc", true, 2, false, [new(1_700_000_000_000, 0.1, 0.1, 0.1), new(1_700_000_002_000, 0.2, 0.2, 0.2)]);
        var b = new ChartSeries("b", "auc", true, 2, false, [new(1_800_000_000_000, 0.3, 0.3, 0.3), new(1_800_000_004_000, 0.4, 0.4, 0.4)]);

        var (traces, title) = CompareCharts.Overlay([a, b], byTime: true, id => "run " + id);

        Assert.Equal("seconds since the run's start", title);
        var scatters = traces.Cast<Scatter>().ToList();
        Assert.Equal(["run a", "run b"], scatters.Select(s => s.Name));
        Assert.Equal(new[] { 0.0, 2.0 }, scatters[0].X.Cast<double>());
        Assert.Equal(new[] { 0.0, 4.0 }, scatters[1].X.Cast<double>());
    }

    [Fact]
    public void Overlay_SingleStepMetricsOnTheStepAxis_DrawnFromEachRunsStartNotAsEpochMilliseconds()
    {
        // What the tracking service returns for a final test_accuracy of two runs: one point each, on the time axis.
        var a = new ChartSeries("a", "test_accuracy", true, 1, false, [new(1_796_679_365_000, 0.8666, 0.8666, 0.8666)]);
        var b = new ChartSeries("b", "test_accuracy", true, 1, false, [new(1_796_679_371_000, 0.8658, 0.8658, 0.8658)]);

        var (traces, title) = CompareCharts.Overlay([a, b], byTime: false, id => id);

        Assert.Equal("seconds since the run's start", title);
        Assert.All(traces.Cast<Scatter>(), s => Assert.Equal(new[] { 0.0 }, s.X.Cast<double>()));
    }

    private static ChartSeries Series(string key, int points) =>
        new("run", key, false, points, false, Enumerable.Range(0, points).Select(i => new ChartPoint(i, 0.5 + (i * 0.001), 0.5 + (i * 0.001), 0.5 + (i * 0.001))).ToList());
}
