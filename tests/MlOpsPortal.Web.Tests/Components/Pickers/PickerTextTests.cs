using MlOpsPortal.Application.Datasets;
using MlOpsPortal.Web.Components.Pickers;

namespace MlOpsPortal.Web.Tests.Components.Pickers;

public sealed class PickerTextTests
{
    [Theory]
    [InlineData("adult v3", "adult", 3)]
    [InlineData("  adult  ", "adult", null)]
    [InlineData("adult v3 · 32,561 rows", "adult", 3)]
    [InlineData("my v2 data", "my v2 data", null)]
    [InlineData("", "", null)]
    public void ParseNameAndVersion_Text_SplitsNameAndVersion(string text, string name, int? version) =>
        Assert.Equal((name, version), PickerText.ParseNameAndVersion(text));

    [Fact]
    public void Formats_Options_ReadAsAUserWouldSayThem()
    {
        Assert.Equal("adult v3 · 32,561 rows", PickerText.DatasetVersion(new(new("adult", 3), 32561, DateTimeOffset.UnixEpoch)));
        Assert.Equal("workclass · categorical", PickerText.Column(new("workclass", ColumnType.Categorical)));
        Assert.Equal(">50K · 7,841 rows", PickerText.LabelValue(new(">50K", 7841)));
        Assert.Equal("production (not set yet)", PickerText.Alias(new("production", null, true)));
        Assert.Equal("churn v3 · champion, staging", PickerText.ModelVersion(new(new("churn", 3), "Ready", ["champion", "staging"], null, DateTimeOffset.UnixEpoch)));
        Assert.Equal("Choose a dataset version.", PickerText.RequiredMessage("Dataset version"));
        Assert.Equal("Choose an alias.", PickerText.RequiredMessage("Alias"));
    }

    [Theory]
    [InlineData("0123abcd", "0123abcd")]
    [InlineData("0123456789abcdef01", "01234567-89ab-cdef-01")]
    [InlineData("xgb", null)]
    public void RunIdPrefix_Hex_ReturnsTheDashedPrefix(string text, string? expected) =>
        Assert.Equal(expected, PickerText.RunIdPrefix(text));

    [Theory]
    [InlineData("champion", null)]
    [InlineData("v3", "reads as a version number")]
    [InlineData("prod uction", "letters, digits")]
    public void AliasProblem_Name_ExplainsWhatIsWrong(string alias, string? expected)
    {
        var problem = PickerText.AliasProblem(alias);
        if (expected is null)
        {
            Assert.Null(problem);
        }
        else
        {
            Assert.Contains(expected, problem, StringComparison.Ordinal);
        }
    }
}
