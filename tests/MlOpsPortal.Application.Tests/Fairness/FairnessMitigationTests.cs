using Xunit;
using MlOpsPortal.Application.Datasets;
using MlOpsPortal.Application.Fairness;

namespace MlOpsPortal.Application.Tests.Fairness;

public sealed class FairnessMitigationTests
{
    // Groups A,A,B,B,B,B with labels 1,0,1,0,0,0: W(g,y) = P(y)·P(g)/P(g,y).
    private static DatasetTable Table() => new(6,
    [
        new DatasetColumn("y", ColumnType.Categorical, null, ["yes", "no", "yes", "no", "no", "no"]),
        new DatasetColumn("g", ColumnType.Categorical, null, ["A", "A", "B", "B", "B", "B"]),
        new DatasetColumn("age", ColumnType.Numeric, [20, 30, 50, 60, double.NaN, 70], null),
    ]);

    [Fact]
    public void ReweighingWeights_HandFixture_MatchesKamiranCalders()
    {
        var result = FairnessMitigation.ReweighingWeights(Table(), "y", "yes", "g");

        Assert.True(result.IsSuccess, result.Error?.Message);
        double[] expected = [2.0 / 3, 4.0 / 3, 4.0 / 3, 8.0 / 9, 8.0 / 9, 8.0 / 9];
        Assert.Equal(expected, result.Value.SampleWeights, (a, b) => Math.Abs(a - b) < 1e-12);
        // After reweighing, the weighted positive rate is the same in both groups (label ⟂ group).
        Assert.Equal(2.0 / 3 / (2.0 / 3 + 4.0 / 3), (4.0 / 3) / ((4.0 / 3) + (3 * 8.0 / 9)), 12);
    }

    [Fact]
    public void ReweighingWeights_NumericFeatureWithEdges_BinsAndKeepsMissingAsGroup()
    {
        var result = FairnessMitigation.ReweighingWeights(Table(), "y", "yes", "age", [45]);

        Assert.True(result.IsSuccess, result.Error?.Message);
        Assert.Contains(result.Value.Cells, c => c.Group == "(missing)");
        Assert.Contains(result.Value.Cells, c => c.Group == "<45");
    }

    [Theory]
    [InlineData("nope", "g", "no label column 'nope'")]
    [InlineData("y", "nope", "no sensitive feature column 'nope'")]
    public void ReweighingWeights_UnknownColumn_FailsWithReason(string label, string feature, string reason)
    {
        var result = FairnessMitigation.ReweighingWeights(Table(), label, "yes", feature);

        Assert.False(result.IsSuccess);
        Assert.Contains(reason, result.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReweighingWeights_PositiveLabelAbsent_Fails()
    {
        var result = FairnessMitigation.ReweighingWeights(Table(), "y", "maybe", "g");

        Assert.False(result.IsSuccess);
        Assert.Contains("never holds", result.Error.Message, StringComparison.Ordinal);
    }
}
