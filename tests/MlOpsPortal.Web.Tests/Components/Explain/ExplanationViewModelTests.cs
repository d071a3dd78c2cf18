using MlOpsPortal.Infrastructure.Explain;
using MlOpsPortal.Web.Components.Pages.Explain;

namespace MlOpsPortal.Web.Tests.Components.Explain;

public sealed class ExplanationViewModelTests
{
    private static readonly ShapSample Sample = new(
        [4, 9, 12],
        -1.0,
        [-0.5f, 0.7f, -1.2f],
        [0.38f, 0.67f, 0.23f],
        [
            new ShapFeature("age", "numeric", [20f, 60f, null], null, [-0.3f, 0.9f, 0.1f]),
            new ShapFeature("sex", "categorical", null, ["Male", "Female", "Male"], [0.2f, 0.1f, -0.3f]),
        ]);

    private static readonly GlobalImportance[] Global = [new("age", 0.43, 10, null, null), new("sex", 0.2, 3, null, null)];

    [Fact]
    public void BuildBeeswarm_TwoColumns_OneRowEachInImportanceOrderColouredByValue()
    {
        var swarm = ExplanationViewModel.BuildBeeswarm(Sample, Global);

        Assert.Equal(["age", "sex"], swarm.Features);
        Assert.Equal(6, swarm.Points.Count);
        var age = swarm.Points.Take(3).ToList();
        Assert.All(age, p => Assert.InRange(p.Y, -0.5, 0.5));
        Assert.Equal([0d, 1d, null], age.Select(p => p.Colour));
        Assert.Equal([-0.3, 0.9, 0.1], age.Select(p => Math.Round(p.X, 4)));
        // Categories by frequency rank: Male (2 rows) is 0, Female 1.
        Assert.Equal([0d, 1d, 0d], swarm.Points.Skip(3).Select(p => p.Colour));
    }

    [Fact]
    public void BuildDependence_NumericAndCategorical_SkipsMissingAndIndexesCategories()
    {
        var age = ExplanationViewModel.BuildDependence(Sample, "age");
        var sex = ExplanationViewModel.BuildDependence(Sample, "sex");

        Assert.Equal([20d, 60d], age.Points.Select(p => p.X));
        Assert.Null(age.Categories);
        Assert.Equal(["Female", "Male"], sex.Categories);
        Assert.Equal([1, 0, 1], sex.Points.Select(p => (int)Math.Round(p.X)));
    }

    [Fact]
    public void BuildLocal_Row_LargestContributionFirstEndingAtTheRowsMargin()
    {
        var steps = ExplanationViewModel.BuildLocal(Sample, 9);

        Assert.Equal(["age", "sex"], steps.Select(s => s.Name));
        Assert.Equal("60", steps[0].Value);
        Assert.Equal(0.0, Math.Round(steps[^1].Running, 4));
        Assert.Empty(ExplanationViewModel.BuildLocal(Sample, 99));
    }
}
