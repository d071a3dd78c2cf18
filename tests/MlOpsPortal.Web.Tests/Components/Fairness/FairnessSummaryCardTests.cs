using Bunit;
using MlOpsPortal.Domain.Registry;
using MlOpsPortal.Web.Components.Pages.Fairness;

namespace MlOpsPortal.Web.Tests.Components.Fairness;

public sealed class FairnessSummaryCardTests : PortalComponentTest, IAsyncLifetime
{
    Task IAsyncLifetime.InitializeAsync() => Task.CompletedTask;

    // MudBlazor's key interceptor disposes only asynchronously.
    async Task IAsyncLifetime.DisposeAsync() => await DisposeAsync();

    [Fact]
    public void SummaryCard_PolicyNotMet_ShowsVerdictPerRuleAndTheWorstGroup()
    {
        var policy = new PromotionPolicy
        {
            FairnessDataset = "adult",
            FairnessThresholds = [new FairnessThreshold("aif360.disparateImpact", Min: 0.8), new FairnessThreshold("demographicParityDifference", Max: 0.25)],
        };
        var summary = new FairnessSummaryViewModel(FairnessReports.BySex(), "churn", policy);

        var cut = Render<FairnessSummaryCard>(p => p.Add(c => c.Summary, summary).Add(c => c.Facts, "300 rows."));

        Assert.Equal("NotMet", cut.Find("#policy-verdict").GetAttribute("data-state"));
        Assert.Contains("Outside churn's fairness policy", cut.Find("#policy-verdict").TextContent, StringComparison.Ordinal);
        var outside = cut.Find("#policy-checks tr[data-verdict=Outside]");
        Assert.Contains("aif360.disparateImpact ≥ 0.8", outside.TextContent, StringComparison.Ordinal);
        Assert.Contains("outside, by 0.467", outside.TextContent, StringComparison.Ordinal);
        Assert.Contains("within, by 0.05", cut.Find("#policy-checks tr[data-verdict=Within]").TextContent, StringComparison.Ordinal);
        Assert.Contains("Female: selection rate 0.1 against 0.3 for Male", cut.Find("#worst-groups").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void SummaryCard_ModelWithoutFairnessThresholds_LinksToThePolicy()
    {
        var summary = new FairnessSummaryViewModel(FairnessReports.BySex(), "churn", new PromotionPolicy());

        var cut = Render<FairnessSummaryCard>(p => p.Add(c => c.Summary, summary));

        Assert.Equal("NoPolicy", cut.Find("#policy-verdict").GetAttribute("data-state"));
        Assert.Contains("churn's promotion policy sets no fairness thresholds", cut.Markup, StringComparison.Ordinal);
        Assert.Equal("/models/churn", cut.Find("a[href='/models/churn']").GetAttribute("href"));
        Assert.Empty(cut.FindAll("#policy-checks"));
    }
}
