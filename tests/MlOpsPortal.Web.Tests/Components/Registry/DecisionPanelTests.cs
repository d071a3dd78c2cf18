using Bunit;
using MlOpsPortal.Domain.Identity;
using MlOpsPortal.Domain.Registry;
using MlOpsPortal.Web.Components.Pages.Registry;
using static MlOpsPortal.Web.Tests.Components.Registry.RegistryTestData;

namespace MlOpsPortal.Web.Tests.Components.Registry;

public sealed class DecisionPanelTests : PortalComponentTest
{
    [Fact]
    public void DecisionPanel_BlockingGateFails_ApproveDisabledWithTheReasonBesideIt()
    {
        SignIn("approver@test.local", Roles.Approver);
        var request = Request([Gate(GateKind.ModelCard, GateOutcome.Failed, blocking: true, "The model card of version 3 is Draft, not Approved.")]);

        var cut = Render<DecisionPanel>(p => p
            .Add(x => x.Request, request)
            .Add(x => x.Viewer, Approver)
            .Add(x => x.Now, Now));

        Assert.True(cut.Find("#approve").HasAttribute("disabled"));
        Assert.False(cut.Find("#reject").HasAttribute("disabled"));
        var reason = cut.Find("#approve-reason").TextContent;
        Assert.Contains("4. Model card approved (failed)", reason, StringComparison.Ordinal);
        Assert.Contains("is Draft, not Approved", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void DecisionPanel_RequesterViews_ApproveAndRejectDisabledByFourEyes()
    {
        SignIn("ds@test.local", Roles.Approver, Roles.DataScientist);
        var cut = Render<DecisionPanel>(p => p
            .Add(x => x.Request, Request(canDecide: false))
            .Add(x => x.Viewer, Approver with { UserName = "ds@test.local" })
            .Add(x => x.Now, Now));

        Assert.True(cut.Find("#approve").HasAttribute("disabled"));
        Assert.True(cut.Find("#reject").HasAttribute("disabled"));
        Assert.Contains("Four-eyes rule: you requested this promotion", cut.Find("#approve-reason").TextContent, StringComparison.Ordinal);
        Assert.NotEmpty(cut.FindAll("#cancel-request"));
    }

    [Fact]
    public void DecisionPanel_AllowedApproverWithoutComment_AsksForCommentAndDoesNotDecide()
    {
        SignIn("approver@test.local", Roles.Approver);
        DecisionCommand? decided = null;
        var cut = Render<DecisionPanel>(p => p
            .Add(x => x.Request, Request())
            .Add(x => x.Viewer, Approver)
            .Add(x => x.Now, Now)
            .Add(x => x.Decided, c => decided = c));

        Assert.False(cut.Find("#approve").HasAttribute("disabled"));
        Assert.Empty(cut.FindAll("#approve-reason"));
        cut.Find("#approve").Click();

        Assert.Null(decided);
        cut.WaitForAssertion(() => Assert.Contains("Write why you approve", cut.Markup, StringComparison.Ordinal));
    }

    [Fact]
    public void DecisionPanel_ClosedRequest_RendersNothing()
    {
        var cut = Render<DecisionPanel>(p => p
            .Add(x => x.Request, Request(state: PromotionRequestState.Rejected))
            .Add(x => x.Viewer, Approver)
            .Add(x => x.Now, Now));

        Assert.Empty(cut.FindAll("#approve"));
    }
}
