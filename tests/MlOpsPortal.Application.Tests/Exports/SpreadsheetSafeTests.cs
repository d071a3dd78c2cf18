using MlOpsPortal.Application.Exports;
using Xunit;

namespace MlOpsPortal.Application.Tests.Exports;

public sealed class SpreadsheetSafeTests
{
    [Theory]
    [InlineData("=HYPERLINK(\"http://x\",\"y\")", "'=HYPERLINK(\"http://x\",\"y\")")]
    [InlineData("+1+cmd|' /C calc'!A0", "'+1+cmd|' /C calc'!A0")]
    [InlineData("-2+3", "'-2+3")]
    [InlineData("@SUM(A1)", "'@SUM(A1)")]
    [InlineData("\t=1", "'\t=1")]
    [InlineData("\r=1", "'\r=1")]
    public void Neutralize_FormulaLookingCell_GetsLeadingApostrophe(string cell, string expected) =>
        Assert.Equal(expected, SpreadsheetSafe.Neutralize(cell));

    [Theory]
    [InlineData("-0.5")]
    [InlineData("+3")]
    [InlineData("-1e-9")]
    [InlineData("plain text")]
    [InlineData("a=b")]
    [InlineData("")]
    public void Neutralize_NumberOrText_IsUnchanged(string cell) => Assert.Equal(cell, SpreadsheetSafe.Neutralize(cell));

    [Fact]
    public void Field_FormulaWithComma_IsNeutralizedThenQuoted() =>
        Assert.Equal("\"'=1,2\"", SpreadsheetSafe.Field("=1,2"));
}
