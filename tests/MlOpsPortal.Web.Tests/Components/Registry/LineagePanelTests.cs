using Bunit;
using MlOpsPortal.Infrastructure.Registry;
using MlOpsPortal.Web.Components.Pages.Registry;

namespace MlOpsPortal.Web.Tests.Components.Registry;

public sealed class LineagePanelTests : PortalComponentTest
{
    [Fact]
    public void LineagePanel_EveryKind_LinksToEachObjectsPage()
    {
        var report = Guid.NewGuid();
        var evaluation = Guid.NewGuid();
        var explanation = Guid.NewGuid();
        var request = Guid.NewGuid();
        IReadOnlyList<LineageLink> links =
        [
            new(LineageKind.DatasetVersion, "adult-train v1", "/datasets/adult-train/versions/1"),
            new(LineageKind.Run, "run-123", "/runs/run-123", "source run"),
            new(LineageKind.Evaluation, "on adult-test@v1", $"/evaluations/{evaluation}"),
            new(LineageKind.FairnessReport, "on adult-test v1", $"/fairness/reports/{report}", "done"),
            new(LineageKind.Explanation, "shap on adult-test v1", $"/explanations/{explanation}"),
            new(LineageKind.PromotionRequest, "production → v1", $"/approvals/{request}", "Open"),
            new(LineageKind.Monitor, "adult-prod", "/monitoring/adult-prod", "watches 'production'"),
        ];

        var cut = Render<LineagePanel>(p => p.Add(x => x.Links, links));

        string[] expected =
        [
            "/datasets/adult-train/versions/1", "/runs/run-123", $"/evaluations/{evaluation}", $"/fairness/reports/{report}",
            $"/explanations/{explanation}", $"/approvals/{request}", "/monitoring/adult-prod",
        ];
        Assert.Equal(expected, cut.FindAll("#lineage a.lineage-link").Select(a => a.GetAttribute("href")));
        Assert.Contains("watches 'production'", cut.Find("[data-kind=Monitor]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void LineagePanel_NothingRecorded_SaysSoPerGroup()
    {
        var cut = Render<LineagePanel>(p => p.Add(x => x.Links, []));

        Assert.Empty(cut.FindAll("a"));
        Assert.Contains("Not evaluated yet.", cut.Find("[data-kind=Evaluation]").TextContent, StringComparison.Ordinal);
        Assert.Contains("No monitor watches this version.", cut.Find("[data-kind=Monitor]").TextContent, StringComparison.Ordinal);
    }
}
