using MlOpsPortal.Engines.Features;
using Xunit;

namespace MlOpsPortal.Engines.Tests.Features;

public sealed class FeaturePipelineTests
{
    private static readonly TabularSchema Schema = new([
        new TabularColumn("age", ColumnKind.Numeric),
        new TabularColumn("city", ColumnKind.Categorical),
    ]);

    private static TabularFrame Frame(float[] age, string?[] city) =>
        new TabularFrame(age.Length).AddNumeric("age", age).AddCategorical("city", city);

    [Fact]
    public void Transform_DefaultOptions_KeepsNaNAndOneHotsWithMissingAsZeros()
    {
        var pipeline = FeaturePipeline.Fit(Schema, Frame([30, float.NaN, 50], ["Oslo", "Bergen", null]));

        var m = pipeline.Transform(Frame([float.NaN, 40], ["Oslo", string.Empty]));

        Assert.Equal(["age", "city=Bergen", "city=Oslo"], pipeline.FeatureNames);
        Assert.True(float.IsNaN(m[0, 0]));
        Assert.Equal([0f, 1f], [m[0, 1], m[0, 2]]);
        Assert.Equal([40f, 0f, 0f], m.Row(1).ToArray());
    }

    [Fact]
    public void Fit_MedianImputation_UsesTrainingMedianOnly()
    {
        var pipeline = FeaturePipeline.Fit(Schema, Frame([1, 2, 10, float.NaN], ["a", "b", "a", "b"]), new FeaturePipelineOptions { NumericImputation = NumericImputation.Median });

        var m = pipeline.Transform(Frame([float.NaN, 1000], ["a", "a"]));

        Assert.Equal(2f, m[0, 0]);
        Assert.Equal(1000f, m[1, 0]);
        Assert.Equal(2f, pipeline.Columns[0].ImputeValue);
    }

    [Fact]
    public void Transform_UnseenCategoryWithErrorPolicy_ThrowsNamingColumnAndValue()
    {
        var pipeline = FeaturePipeline.Fit(Schema, Frame([1, 2], ["Oslo", "Bergen"]));

        var error = Assert.Throws<FeaturePipelineException>(() => pipeline.Transform(Frame([1, 2], ["Oslo", "Trondheim"])));

        Assert.Equal(FeatureErrorKind.UnseenCategory, error.Kind);
        Assert.Equal("city", error.Column);
        Assert.Contains("'Trondheim'", error.Message, StringComparison.Ordinal);
        Assert.Contains("row 1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Transform_UnseenCategoryTreatedAsMissing_EncodesLikeMissing()
    {
        var options = new FeaturePipelineOptions { UnseenCategories = UnseenCategoryPolicy.TreatAsMissing, CategoricalEncoding = CategoricalEncoding.Ordinal };
        var pipeline = FeaturePipeline.Fit(Schema, Frame([1, 2], ["Oslo", "Bergen"]), options);

        var m = pipeline.Transform(Frame([1, 2, 3], ["Trondheim", null, "Oslo"]));

        Assert.True(float.IsNaN(m[0, 1]));
        Assert.True(float.IsNaN(m[1, 1]));
        Assert.Equal(1f, m[2, 1]);
    }

    [Fact]
    public void Fit_MoreThanTenThousandCategories_ThrowsTooManyCategories()
    {
        var rows = 10_001;
        var frame = Frame(new float[rows], Enumerable.Range(0, rows).Select(i => "id" + i).ToArray());

        var error = Assert.Throws<FeaturePipelineException>(() => FeaturePipeline.Fit(Schema, frame));

        Assert.Equal(FeatureErrorKind.TooManyCategories, error.Kind);
        Assert.Equal("city", error.Column);
        Assert.Contains("10,000", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Fit_TenThousandCategoriesWithAuto_UsesOrdinal()
    {
        var rows = 10_000;
        var pipeline = FeaturePipeline.Fit(Schema, Frame(new float[rows], Enumerable.Range(0, rows).Select(i => "id" + i).ToArray()));

        Assert.Equal(CategoricalEncoding.Ordinal, pipeline.Columns[1].Encoding);
        Assert.Equal(2, pipeline.FeatureNames.Count);
    }

    [Fact]
    public void Fit_ZeroRows_ThrowsNoRows()
    {
        var error = Assert.Throws<FeaturePipelineException>(() => FeaturePipeline.Fit(Schema, Frame([], [])));

        Assert.Equal(FeatureErrorKind.NoRows, error.Kind);
    }

    [Fact]
    public void Transform_MissingColumn_ThrowsMissingColumn()
    {
        var pipeline = FeaturePipeline.Fit(Schema, Frame([1], ["a"]));

        var error = Assert.Throws<FeaturePipelineException>(() => pipeline.Transform(new TabularFrame(1).AddNumeric("age", [1])));

        Assert.Equal(FeatureErrorKind.MissingColumn, error.Kind);
        Assert.Equal("city", error.Column);
    }

    [Fact]
    public void FromJson_RoundTrip_TransformsIdentically()
    {
        var options = new FeaturePipelineOptions { NumericImputation = NumericImputation.Median, OneHotMaxCategories = 1, UnseenCategories = UnseenCategoryPolicy.TreatAsMissing };
        var pipeline = FeaturePipeline.Fit(Schema, Frame([1, float.NaN, 3], ["a", "b", null]), options);
        var data = Frame([float.NaN, 7], ["b", "zzz"]);

        var restored = FeaturePipeline.FromJson(pipeline.ToJson());

        Assert.Equal(pipeline.Transform(data).Values.ToArray(), restored.Transform(data).Values.ToArray());
        Assert.Equal(pipeline.FeatureNames, restored.FeatureNames);
        Assert.Equal(UnseenCategoryPolicy.TreatAsMissing, restored.Options.UnseenCategories);
        Assert.Contains("\"TreatAsMissing\"", pipeline.ToJson(), StringComparison.Ordinal);
    }

    [Fact]
    public void FromJson_Garbage_ThrowsInvalidDocument()
    {
        var error = Assert.Throws<FeaturePipelineException>(() => FeaturePipeline.FromJson("{\"formatVersion\": 99}"));

        Assert.Equal(FeatureErrorKind.InvalidDocument, error.Kind);
    }
}
