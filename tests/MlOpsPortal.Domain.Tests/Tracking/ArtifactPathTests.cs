using Xunit;
using MlOpsPortal.Domain.Common;
using MlOpsPortal.Domain.Tracking;

namespace MlOpsPortal.Domain.Tests.Tracking;

public sealed class ArtifactPathTests
{
    [Theory]
    [InlineData("model.onnx")]
    [InlineData("model/MLmodel")]
    [InlineData("plots/roc curve (test).png")]
    [InlineData("a..b/c.txt")]
    [InlineData(".hidden")]
    public void ValidateFile_RelativePath_Accepted(string path) =>
        Assert.Equal(path, ArtifactPath.ValidateFile(path).Value);

    [Theory]
    [InlineData("")]
    [InlineData("/etc/passwd")]
    [InlineData("../secret")]
    [InlineData("a/../../b")]
    [InlineData("a/..")]
    [InlineData("./a")]
    [InlineData("a//b")]
    [InlineData("a/")]
    [InlineData("a\\b")]
    [InlineData("..\\..\\x")]
    [InlineData("C:/x")]
    [InlineData("a\u0000b")]
    [InlineData("a\nb")]
    public void ValidateFile_UnsafePath_InvalidArgument(string path)
    {
        var result = ArtifactPath.ValidateFile(path);
        Assert.False(result.IsSuccess);
        Assert.Equal(ErrorCode.InvalidArgument, result.Error.Code);
    }

    [Fact]
    public void ValidateFile_TooLong_InvalidArgument() =>
        Assert.False(ArtifactPath.ValidateFile(new string('a', ArtifactPath.MaxLength + 1)).IsSuccess);

    [Theory]
    [InlineData(null, "")]
    [InlineData("", "")]
    [InlineData("/", "")]
    [InlineData("model/", "model")]
    [InlineData("model/sub", "model/sub")]
    public void ValidateDirectory_RootOrTrailingSlash_Normalized(string? path, string expected) =>
        Assert.Equal(expected, ArtifactPath.ValidateDirectory(path).Value);

    [Theory]
    [InlineData("model/a", "model", true)]
    [InlineData("model", "model", false)]
    [InlineData("models/a", "model", false)]
    [InlineData("x", "", true)]
    public void IsUnder_PrefixIsDirectoryBoundary(string path, string directory, bool expected) =>
        Assert.Equal(expected, ArtifactPath.IsUnder(path, directory));
}
