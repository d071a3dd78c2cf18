using MlOpsPortal.Domain.Common;
using MlOpsPortal.Domain.Fairness;
using Xunit;

namespace MlOpsPortal.Domain.Tests.Fairness;

public class FairnessHelpersTests
{
    [Fact]
    public void Encode_LabelOutsidePair_FailsNamingValueAndRow()
    {
        var result = BinaryLabelEncoder.Encode([">50K", "<=50K", ">50K."], ">50K", "<=50K", "income");
        Assert.False(result.IsSuccess);
        Assert.Equal(ErrorCode.InvalidArgument, result.Error.Code);
        Assert.Contains("'>50K.'", result.Error.Message, StringComparison.Ordinal);
        Assert.Contains("row 2", result.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Encode_ValidLabels_MapsPositiveToTrue()
    {
        var result = BinaryLabelEncoder.Encode(["yes", "no", "yes"], "yes", "no");
        Assert.Equal([true, false, true], result.Value);
    }

    [Fact]
    public void Encode_NullLabel_Fails() =>
        Assert.False(BinaryLabelEncoder.Encode(["yes", null], "yes", "no").IsSuccess);

    [Fact]
    public void Bin_AgeEdges_LowerInclusiveUpperExclusiveLabels()
    {
        var feature = NumericBinning.Bin("age", [18, 25, 30.5, 45, 80, null, double.NaN], [25, 45]);
        Assert.Equal(["<25", "25-45", "25-45", "≥45", "≥45", null, null], feature.Values);
        Assert.Equal(["<25", "25-45", "≥45"], feature.Categories);
    }

    [Fact]
    public void Bin_UnsortedEdges_Throws() =>
        Assert.Throws<ArgumentException>(() => NumericBinning.Bin("age", [1.0], [30, 20]));

    [Fact]
    public void RatioBetweenGroups_ZeroOverZero_Undefined()
    {
        Assert.True(double.IsNaN(Disparity.RatioBetweenGroups([0.0, 0.0])));
        Assert.Equal(0.0, Disparity.RatioBetweenGroups([0.0, 0.4]));
        Assert.Equal(0.3, Disparity.DifferenceBetweenGroups([0.1, double.NaN, 0.4]), 12);
        Assert.True(double.IsNaN(Disparity.DifferenceBetweenGroups([double.NaN])));
    }

    [Fact]
    public void GeneralizedEntropyIndex_PerfectPredictions_IsZero()
    {
        Assert.Equal(0.0, FairnessMath.GeneralizedEntropyIndex(5, 0, 5, 0, 2), 12);
        Assert.Equal(0.0, FairnessMath.GeneralizedEntropyIndex(5, 0, 5, 0, 1), 12);
        Assert.Equal(0.0, FairnessMath.GeneralizedEntropyIndex(5, 0, 5, 0, 0), 12);
    }

    [Fact]
    public void LabelDistribution_IdenticalFacets_AllZero()
    {
        var (dpl, kl, js, tvd) = FairnessMath.LabelDistribution(3, 10, 30, 100);
        Assert.Equal(0.0, dpl, 12);
        Assert.Equal(0.0, kl, 12);
        Assert.Equal(0.0, js, 12);
        Assert.Equal(0.0, tvd, 12);
    }
}
