using MlOpsPortal.Domain.Registry;
using MlOpsPortal.Infrastructure.Registry;
using MlOpsPortal.Web.Components.Pages.Dashboard;

namespace MlOpsPortal.Web.Tests.Components.Dashboard;

public sealed class DashboardViewModelTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 7, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Checklist_EmptyPortal_ListsTheSevenLifecycleStepsUndone()
    {
        var empty = new GettingStarted(false, false, false, false, false, false, false);

        var steps = DashboardViewModel.Checklist(empty);

        Assert.Equal(["Upload a dataset", "Train a model", "Register it", "Evaluate it", "Check fairness", "Promote it", "Monitor it"], steps.Select(s => s.Title));
        Assert.All(steps, s => Assert.False(s.Done));
        Assert.True(DashboardViewModel.IsEmpty(empty));
        Assert.Equal("/datasets?upload=1", steps[0].Href);
    }

    [Fact]
    public void Checklist_AfterTrainingAndRegistering_MarksThoseDoneAndPortalIsNotEmpty()
    {
        var progress = new GettingStarted(true, true, true, false, false, false, false);

        var steps = DashboardViewModel.Checklist(progress);

        Assert.Equal([true, true, true, false, false, false, false], steps.Select(s => s.Done));
        Assert.False(DashboardViewModel.IsEmpty(progress));
    }

    [Fact]
    public void RequestSummary_BlockingGateFails_NamesTheGate()
    {
        var blocked = Request([new GateResult(GateKind.Fairness, GateOutcome.Failed, true, "outside policy", [])], approvals: 1, required: 2);
        var fine = Request([new GateResult(GateKind.Fairness, GateOutcome.Failed, false, "advisory", [])], approvals: 0, required: 1);

        Assert.Equal("1 of 2 approvals · blocked by Fairness", DashboardViewModel.RequestSummary(blocked));
        Assert.True(DashboardViewModel.IsBlocked(blocked));
        Assert.Equal("0 of 1 approval · gates pass", DashboardViewModel.RequestSummary(fine));
        Assert.False(DashboardViewModel.IsBlocked(fine));
    }

    [Theory]
    [InlineData(0.15000000000000002, "0.15")]
    [InlineData(0.927912345, "0.9279")]
    [InlineData(12345.6, "12,346")]
    [InlineData(null, "—")]
    public void Metric_Values_AreShortAndFreeOfBinaryNoise(double? value, string expected) =>
        Assert.Equal(expected, DashboardViewModel.Metric(value));

    [Fact]
    public void Ago_Spans_ReadAsPeopleSayThem()
    {
        Assert.Equal("just now", DashboardViewModel.Ago(Now.AddSeconds(-20), Now));
        Assert.Equal("5 min ago", DashboardViewModel.Ago(Now.AddMinutes(-5), Now));
        Assert.Equal("3 h ago", DashboardViewModel.Ago(Now.AddHours(-3), Now));
        Assert.Equal("2 d ago", DashboardViewModel.Ago(Now.AddDays(-2), Now));
    }

    private static PromotionRequestInfo Request(IReadOnlyList<GateResult> gates, int approvals, int required) =>
        new(Guid.NewGuid(), "churn", 3, "champion", PromotionRequestState.Open, "better", "u1", Now, Now.AddDays(7), null, 2, required, approvals, gates, [], true);
}
