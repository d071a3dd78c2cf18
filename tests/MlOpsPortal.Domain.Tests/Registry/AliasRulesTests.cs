using MlOpsPortal.Domain.Common;
using MlOpsPortal.Domain.Registry;
using Xunit;

namespace MlOpsPortal.Domain.Tests.Registry;

public class AliasRulesTests
{
    [Theory]
    [InlineData("champion")]
    [InlineData("challenger-2")]
    [InlineData("a_b")]
    [InlineData("version1")]
    public void Validate_GoodName_IsAccepted(string alias) => Assert.True(AliasRules.Validate(alias).IsSuccess);

    [Theory]
    [InlineData("v1")]
    [InlineData("V42")]
    [InlineData("has space")]
    [InlineData("dot.ted")]
    [InlineData("\u0440roduction")]
    [InlineData("produ\u0441tion")]
    [InlineData("caf\u00e9")]
    [InlineData("")]
    public void Validate_BadName_IsInvalidArgument(string alias) =>
        Assert.Equal(ErrorCode.InvalidArgument, AliasRules.Validate(alias).Error?.Code);

    [Fact]
    public void Validate_256Characters_IsRejected_255Accepted()
    {
        Assert.False(AliasRules.Validate(new string('a', 256)).IsSuccess);
        Assert.True(AliasRules.Validate(new string('a', 255)).IsSuccess);
    }

    [Fact]
    public void IsProtected_DefaultList_CoversStagingAndProductionCaseInsensitively()
    {
        Assert.True(AliasRules.IsProtected("Production", AliasRules.DefaultProtected));
        Assert.True(AliasRules.IsProtected("staging", AliasRules.DefaultProtected));
        Assert.False(AliasRules.IsProtected("champion", AliasRules.DefaultProtected));
    }

    [Fact]
    public void CardLifecycle_OnlyForwardTransitionsAndSendBack()
    {
        Assert.True(ModelCardLifecycle.CanMove(ModelCardStatus.Draft, ModelCardStatus.PendingReview));
        Assert.True(ModelCardLifecycle.CanMove(ModelCardStatus.PendingReview, ModelCardStatus.Approved));
        Assert.True(ModelCardLifecycle.CanMove(ModelCardStatus.PendingReview, ModelCardStatus.Draft));
        Assert.False(ModelCardLifecycle.CanMove(ModelCardStatus.Draft, ModelCardStatus.Approved));
        Assert.False(ModelCardLifecycle.CanMove(ModelCardStatus.Archived, ModelCardStatus.Draft));
    }

    [Fact]
    public void WebhookSignature_RoundTrips_AndRejectsTampering()
    {
        var body = "{\"event\":\"alias.moved\"}"u8.ToArray();
        var header = WebhookSignature.Compute("s3cret", body);
        Assert.StartsWith("sha256=", header, StringComparison.Ordinal);
        Assert.Equal(71, header.Length);
        Assert.True(WebhookSignature.Verify("s3cret", body, header));
        Assert.False(WebhookSignature.Verify("other", body, header));
        Assert.False(WebhookSignature.Verify("s3cret", "{}"u8.ToArray(), header));
        Assert.False(WebhookSignature.Verify("s3cret", body, null));
    }

    [Fact]
    public void WebhookSignature_KnownVector_MatchesRfc4231Case2()
    {
        // RFC 4231 test case 2: key "Jefe", data "what do ya want for nothing?".
        var header = WebhookSignature.Compute("Jefe", "what do ya want for nothing?"u8);
        Assert.Equal("sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843", header);
    }

    [Fact]
    public void Backoff_DoublesAndCaps()
    {
        Assert.Equal(TimeSpan.FromSeconds(1), WebhookSignature.Backoff(1, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(1)));
        Assert.Equal(TimeSpan.FromSeconds(8), WebhookSignature.Backoff(4, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(1)));
        Assert.Equal(TimeSpan.FromMinutes(1), WebhookSignature.Backoff(30, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(1)));
    }
}
