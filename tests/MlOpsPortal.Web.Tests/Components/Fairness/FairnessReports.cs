using MlOpsPortal.Application.Fairness;

namespace MlOpsPortal.Web.Tests.Components.Fairness;

/// <summary>A small computed report by sex: women selected at 0.10, men at 0.30; DP difference 0.2, disparate impact 0.333.</summary>
internal static class FairnessReports
{
    private static readonly double?[] NoCi = [null, null];

    public static FairnessReportDto BySex(string? model = "churn")
    {
        var groups = new List<GroupDto>
        {
            Group("Female", 100, selection: 0.10, tpr: 0.40, fpr: 0.05),
            Group("Male", 200, selection: 0.30, tpr: 0.70, fpr: 0.15),
        };
        var fairlearn = new FairlearnDto("fairlearn",
            new Dictionary<string, EstimateDto> { ["demographicParityDifference"] = new(0.2, [0.15, 0.25]), ["equalizedOddsDifference"] = new(0.3, NoCi) },
            new Dictionary<string, EstimateDto>());
        var aif = new Aif360Dto("aif360", [new Dictionary<string, string> { ["sex"] = "Male" }],
            new Dictionary<string, EstimateDto> { ["disparateImpact"] = new(1 / 3.0, NoCi), ["statisticalParityDifference"] = new(-0.2, NoCi) }, true);
        var result = new FairnessResultDocument(300, "0", "fairlearn", Group("all", 300, 0.233, 0.6, 0.1), groups,
            new Dictionary<string, GroupingDisparitiesDto> { ["sex"] = new(["sex"], fairlearn, aif) },
            new Dictionary<string, DataBiasDto>(),
            new IndividualFairnessDto("aif360", new(0.1, NoCi), new(0.1, NoCi), new(0.1, NoCi)),
            new BootstrapDto(200, 7, 0.95, "group", false), []);
        var request = new FairnessReportRequest(new DatasetVersionRef("adult", 2), "income", ">50K", [new SensitiveFeatureSpec("sex")],
            Model: model is null ? null : new ModelVersionRef(model, 3));
        return new FairnessReportDto(Guid.NewGuid(), "succeeded", Guid.NewGuid(), new DatasetVersionRef("adult", 2), model is null ? null : new ModelVersionRef(model, 3),
            request, "ana@example.com", new DateTimeOffset(2026, 12, 7, 12, 0, 0, TimeSpan.Zero), null, result);
    }

    private static GroupDto Group(string sex, long count, double selection, double tpr, double fpr) =>
        new(new Dictionary<string, string> { ["sex"] = sex }, count, 10, 5, 80, 5, 0.2, selection, tpr, fpr, 1 - fpr, 1 - tpr, 0.6, 0.85, null,
            new Dictionary<string, double?[]> { ["selectionRate"] = [selection - 0.02, selection + 0.02] });
}
