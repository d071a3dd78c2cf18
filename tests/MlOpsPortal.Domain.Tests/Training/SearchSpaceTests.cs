using System.Globalization;
using MlOpsPortal.Domain.Training;
using Xunit;

namespace MlOpsPortal.Domain.Tests.Training;

public sealed class SearchSpaceTests
{
    [Fact]
    public void Grid_ListAndIntRange_EnumeratesEveryCombinationOnce()
    {
        var grid = SearchSpace.Grid([new("algorithm", ParameterKind.Choice, ["gbtree", "gblinear"]), new("maxDepth", ParameterKind.IntRange, Low: 3, High: 5)]);

        Assert.True(grid.IsSuccess, grid.Error?.Message);
        Assert.Equal(6, grid.Value.Count);
        Assert.Equal(6, grid.Value.Select(t => t["algorithm"] + "/" + t["maxDepth"]).Distinct().Count());
        Assert.Equal("gbtree", grid.Value[0]["algorithm"]);
        Assert.Equal("3", grid.Value[0]["maxDepth"]);
    }

    [Fact]
    public void Grid_ContinuousDomain_IsRefusedWithTheParameterName()
    {
        var grid = SearchSpace.Grid([new("learningRate", ParameterKind.LogUniform, Low: 0.01, High: 0.3)]);
        Assert.False(grid.IsSuccess);
        Assert.Contains("'learningRate'", grid.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Random_SameSeed_SameTrialsWithinBounds()
    {
        ParameterDomain[] domains =
        [
            new("learningRate", ParameterKind.LogUniform, Low: 0.01, High: 0.3),
            new("subsample", ParameterKind.Uniform, Low: 0.5, High: 1),
            new("maxDepth", ParameterKind.IntRange, Low: 2, High: 8),
            new("imbalance", ParameterKind.Choice, ["none", "balancedWeights"]),
        ];
        var a = SearchSpace.Random(domains, 20, seed: 7);
        var b = SearchSpace.Random(domains, 20, seed: 7);

        Assert.True(a.IsSuccess, a.Error?.Message);
        Assert.Equal(20, a.Value.Count);
        Assert.Equal(a.Value.Select(t => string.Join(",", t.Values)), b.Value.Select(t => string.Join(",", t.Values)));
        foreach (var trial in a.Value)
        {
            Assert.InRange(double.Parse(trial["learningRate"], CultureInfo.InvariantCulture), 0.01, 0.3);
            Assert.InRange(double.Parse(trial["subsample"], CultureInfo.InvariantCulture), 0.5, 1);
            Assert.InRange(int.Parse(trial["maxDepth"], CultureInfo.InvariantCulture), 2, 8);
        }

        // Log-uniform: about as many draws below the geometric midpoint as above it.
        var below = a.Value.Count(t => double.Parse(t["learningRate"], CultureInfo.InvariantCulture) < Math.Sqrt(0.01 * 0.3));
        Assert.InRange(below, 4, 16);
    }

    [Theory]
    [InlineData(ParameterKind.LogUniform, 0, 1)]
    [InlineData(ParameterKind.Uniform, 2, 1)]
    [InlineData(ParameterKind.IntRange, 1.5, 3)]
    public void Random_BadBounds_AreRefused(ParameterKind kind, double low, double high)
    {
        var result = SearchSpace.Random([new("p", kind, Low: low, High: high)], 5, 1);
        Assert.False(result.IsSuccess);
        Assert.Contains("'p'", result.Error.Message, StringComparison.Ordinal);
    }
}
