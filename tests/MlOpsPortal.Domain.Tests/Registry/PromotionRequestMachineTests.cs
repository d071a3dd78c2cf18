using MlOpsPortal.Domain.Common;
using MlOpsPortal.Domain.Registry;
using Xunit;

namespace MlOpsPortal.Domain.Tests.Registry;

public class PromotionRequestMachineTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 8, 0, 0, TimeSpan.Zero);

    private static PromotionRequestMachine Open(int required = 1, bool creatorMayApprove = false) =>
        new(PromotionRequestState.Open, Now.AddDays(1), "requester", "creator", required, creatorMayApprove, []);

    [Fact]
    public void Approve_ByRequester_IsForbiddenWithFourEyesMessage()
    {
        var result = Open().Approve("requester", "ok", [], Now);
        Assert.Equal(ErrorCode.Forbidden, result.Error?.Code);
        Assert.Contains("Four-eyes", result.Error?.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Approve_ByVersionCreator_ForbiddenUnlessPolicyAllows()
    {
        Assert.Equal(ErrorCode.Forbidden, Open().Approve("creator", "ok", [], Now).Error?.Code);
        Assert.Equal(PromotionOutcome.Completed, Open(creatorMayApprove: true).Approve("creator", "ok", [], Now).Value);
    }

    [Fact]
    public void Approve_WithoutComment_IsInvalid()
    {
        Assert.Equal(ErrorCode.InvalidArgument, Open().Approve("alice", "  ", [], Now).Error?.Code);
        Assert.Equal(ErrorCode.InvalidArgument, Open().Reject("alice", null, Now).Error?.Code);
    }

    [Fact]
    public void Approve_TwoRequired_NeedsTwoDistinctApprovers()
    {
        var m = Open(required: 2);
        Assert.Equal(PromotionOutcome.ApprovalRecorded, m.Approve("alice", "ok", [], Now).Value);
        Assert.Equal(ErrorCode.Conflict, m.Approve("alice", "again", [], Now).Error?.Code);
        Assert.Equal(PromotionRequestState.Open, m.State);
        Assert.Equal(PromotionOutcome.Completed, m.Approve("bob", "ok", [], Now).Value);
        Assert.Equal(PromotionRequestState.Approved, m.State);
        Assert.Equal(ErrorCode.InvalidState, m.Approve("carol", "late", [], Now).Error?.Code);
    }

    [Fact]
    public void Approve_AfterExpiry_ExpiresTheRequestAndFails()
    {
        var m = Open();
        var result = m.Approve("alice", "ok", [], Now.AddDays(2));
        Assert.Equal(ErrorCode.InvalidState, result.Error?.Code);
        Assert.Contains("expired", result.Error?.Message, StringComparison.Ordinal);
        Assert.Equal(PromotionRequestState.Expired, m.State);
    }

    [Fact]
    public void Approve_WhenBlockingGateFails_IsRefusedAndNothingRecorded()
    {
        var m = Open();
        var result = m.Approve("alice", "ok", ["ModelCard: Failed — draft"], Now);
        Assert.Equal(ErrorCode.InvalidState, result.Error?.Code);
        Assert.Empty(m.Approvers);
        Assert.Equal(PromotionRequestState.Open, m.State);
    }

    [Fact]
    public void Reject_ThenCancel_IsInvalidState()
    {
        var m = Open();
        Assert.Equal(PromotionOutcome.Rejected, m.Reject("alice", "no", Now).Value);
        Assert.Equal(ErrorCode.InvalidState, m.Cancel("requester", false, Now).Error?.Code);
    }

    [Fact]
    public void Cancel_ByOtherUser_Forbidden_ByAdminAllowed()
    {
        Assert.Equal(ErrorCode.Forbidden, Open().Cancel("mallory", false, Now).Error?.Code);
        Assert.Equal(PromotionOutcome.Cancelled, Open().Cancel("admin", true, Now).Value);
    }

    [Fact]
    public void CanDecide_ExcludesRequesterCreatorAndPriorApprovers()
    {
        var m = new PromotionRequestMachine(PromotionRequestState.Open, Now.AddDays(1), "requester", "creator", 2, false, ["alice"]);
        Assert.False(m.CanDecide("requester", Now));
        Assert.False(m.CanDecide("creator", Now));
        Assert.False(m.CanDecide("alice", Now));
        Assert.True(m.CanDecide("bob", Now));
        Assert.False(m.CanDecide("bob", Now.AddDays(1)));
    }
}
