using MlOpsPortal.Domain.Registry;
using MlOpsPortal.Infrastructure.Registry;
using MlOpsPortal.Web.Components.Pages.Registry;
using static MlOpsPortal.Web.Tests.Components.Registry.RegistryTestData;

namespace MlOpsPortal.Web.Tests.Components.Registry;

public sealed class ApprovalViewModelTests
{
    [Fact]
    public void Approve_ApproverOnOpenRequestWithPassingGates_EnabledWithoutReason()
    {
        var state = ApprovalViewModel.Approve(Request(), Approver, Now);

        Assert.True(state.Enabled);
        Assert.Null(state.Reason);
    }

    [Fact]
    public void Approve_BlockingGateFails_DisabledNamingTheGateAndItsReason()
    {
        var request = Request([Gate(GateKind.ModelCard, GateOutcome.Failed, blocking: true, "The model card of version 3 is Draft, not Approved."),
            Gate(GateKind.Fairness, GateOutcome.NotConfigured, blocking: false)]);

        var state = ApprovalViewModel.Approve(request, Approver, Now);

        Assert.False(state.Enabled);
        var reason = Assert.Single(state.Reasons);
        Assert.Contains("4. Model card approved (failed)", reason, StringComparison.Ordinal);
        Assert.Contains("is Draft, not Approved", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Approve_InformationOnlyGateFails_StillEnabled()
    {
        var request = Request([Gate(GateKind.Fairness, GateOutcome.Failed, blocking: false), Gate(GateKind.ModelCard, GateOutcome.Passed, blocking: true)]);

        Assert.True(ApprovalViewModel.Approve(request, Approver, Now).Enabled);
    }

    [Fact]
    public void Approve_BlockingGateWithoutEvidence_DisabledSayingNoEvidence()
    {
        var request = Request([Gate(GateKind.Evaluation, GateOutcome.NoEvidence, blocking: true, "No evaluation on the holdout.")]);

        var state = ApprovalViewModel.Approve(request, Approver, Now);

        Assert.False(state.Enabled);
        Assert.Contains("1. Holdout evaluation (no evidence yet)", state.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Approve_ViewerIsRequester_DisabledByFourEyesRule()
    {
        var requester = Approver with { UserName = "ds@test.local" };

        var state = ApprovalViewModel.Approve(Request(canDecide: false), requester, Now);

        Assert.False(state.Enabled);
        Assert.Contains("Four-eyes rule: you requested this promotion", Assert.Single(state.Reasons), StringComparison.Ordinal);
    }

    [Fact]
    public void Approve_ViewerLacksApproverRole_DisabledSayingWhichRole()
    {
        var state = ApprovalViewModel.Approve(Request(requestedBy: "someone@test.local"), Scientist, Now);

        Assert.False(state.Enabled);
        Assert.Contains("Only users with the Approver role can approve", Assert.Single(state.Reasons), StringComparison.Ordinal);
    }

    [Fact]
    public void Approve_ViewerCreatedVersionAndPolicyForbidsIt_DisabledByFourEyesRule()
    {
        var state = ApprovalViewModel.Approve(Request(canDecide: false), Approver, Now);

        Assert.False(state.Enabled);
        Assert.Contains("you registered this version", Assert.Single(state.Reasons), StringComparison.Ordinal);
    }

    [Fact]
    public void Approve_ViewerAlreadyApproved_DisabledAskingForAnotherApprover()
    {
        var request = Request(canDecide: false, decisions: [new DecisionInfo("approver@test.local", "approve", "ok", Now.AddHours(-1))]);

        var state = ApprovalViewModel.Approve(request, Approver, Now);

        Assert.False(state.Enabled);
        Assert.Contains("already approved", Assert.Single(state.Reasons), StringComparison.Ordinal);
    }

    [Fact]
    public void Approve_RequestExpired_DisabledWithExpiryTime()
    {
        var state = ApprovalViewModel.Approve(Request(expiresAt: Now.AddMinutes(-1)), Approver, Now);

        Assert.False(state.Enabled);
        Assert.Contains("expired on 2026-12-07 11:59 UTC", Assert.Single(state.Reasons), StringComparison.Ordinal);
    }

    [Fact]
    public void Approve_RequestAlreadyApproved_DisabledAsNoLongerOpen()
    {
        var state = ApprovalViewModel.Approve(Request(state: PromotionRequestState.Approved), Approver, Now);

        Assert.False(state.Enabled);
        Assert.Equal("This request is approved; it can no longer be decided.", state.Reason);
    }

    [Fact]
    public void Approve_RequesterAndFailingGate_ListsBothReasons()
    {
        var request = Request([Gate(GateKind.ModelCard, GateOutcome.Failed, blocking: true)], canDecide: false);

        var state = ApprovalViewModel.Approve(request, Approver with { UserName = "ds@test.local" }, Now);

        Assert.Equal(2, state.Reasons.Count);
    }

    [Fact]
    public void Reject_BlockingGateFails_StillEnabled()
    {
        var request = Request([Gate(GateKind.ModelCard, GateOutcome.Failed, blocking: true)]);

        Assert.True(ApprovalViewModel.Reject(request, Approver, Now).Enabled);
    }

    [Fact]
    public void Reject_ViewerIsRequester_DisabledByFourEyesRule()
    {
        var state = ApprovalViewModel.Reject(Request(canDecide: false), Approver with { UserName = "ds@test.local" }, Now);

        Assert.False(state.Enabled);
        Assert.Contains("cannot reject it", state.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void GateSummary_OneBlockingGateFails_NamesIt()
    {
        var request = Request([Gate(GateKind.ModelCard, GateOutcome.Failed, blocking: true), Gate(GateKind.Fairness, GateOutcome.Failed, blocking: false)]);

        Assert.Equal("1 blocking gate fails: model card", ApprovalViewModel.GateSummary(request));
        Assert.Equal("All blocking gates pass", ApprovalViewModel.GateSummary(Request()));
    }

    [Fact]
    public void Age_HoursAndDays_Coarse()
    {
        Assert.Equal("5 h", ApprovalViewModel.Age(Now.AddHours(-5), Now));
        Assert.Equal("2 d", ApprovalViewModel.Age(Now.AddDays(-2.5), Now));
        Assert.Equal("just now", ApprovalViewModel.Age(Now.AddSeconds(-10), Now));
    }

    [Fact]
    public void CanCancel_RequesterOrAdmin_OthersNot()
    {
        var request = Request();

        Assert.True(ApprovalViewModel.CanCancel(request, Scientist));
        Assert.True(ApprovalViewModel.CanCancel(request, Approver with { IsAdmin = true }));
        Assert.False(ApprovalViewModel.CanCancel(request, Approver));
    }
}
