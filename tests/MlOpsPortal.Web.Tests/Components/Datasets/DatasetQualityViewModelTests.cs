using MlOpsPortal.Application.Quality;
using MlOpsPortal.Infrastructure.LabelIssues;
using MlOpsPortal.Infrastructure.Training;
using MlOpsPortal.Web.Components.Pages.Datasets;

namespace MlOpsPortal.Web.Tests.Components.Datasets;

public class DatasetQualityViewModelTests
{
    [Fact]
    public void Problems_IncompleteDrafts_NameRuleByPositionAndKindInUserWords()
    {
        var vm = new DatasetQualityViewModel();
        vm.Drafts.Add(new QualityRuleDraft { Kind = QualityRuleKind.MaxMissingShare, Column = "age", Max = 0.05 });
        vm.Drafts.Add(new QualityRuleDraft { Kind = QualityRuleKind.Range, Column = "age" });

        var problems = vm.Problems();

        Assert.Equal(["Rule 2 (Numeric range): give a min, a max or both."], problems);
    }

    [Fact]
    public void ToRuleSet_DraftsWithListsAndUnusedFields_KeepsOnlyWhatTheKindUses()
    {
        var vm = new DatasetQualityViewModel();
        vm.Load(new QualityRuleSet([new QualityRule(QualityRuleKind.UniqueKey, Columns: ["id", "day"], Severity: QualitySeverity.Blocking)]));
        vm.Drafts.Add(new QualityRuleDraft { Kind = QualityRuleKind.AllowedValues, Column = "color", Values = "red, green ,,blue", Max = 3 });

        var rules = vm.ToRuleSet().Rules;

        Assert.Equal(["id", "day"], rules[0].Columns);
        Assert.Equal(QualitySeverity.Blocking, rules[0].Severity);
        Assert.Equal(["red", "green", "blue"], rules[1].Values);
        Assert.Null(rules[1].Max);
        Assert.Empty(vm.Problems());
    }

    [Fact]
    public void Examples_RowsAndValues_InWords()
    {
        var check = new QualityCheck(0, new QualityRule(QualityRuleKind.Range, "age", Max: 120), QualityCheckStatus.Warning, "[1, 200]", "[−∞, 120]", "m", 2,
            [new QualityExample(4, "200"), new QualityExample(9, null)]);

        Assert.Equal("row 4: 200; row 9", DatasetQualityViewModel.Examples(check));
        Assert.Equal("quality failing", DatasetQualityViewModel.StatusText("failing"));
    }

    private static LabelIssueReportView Report(string status, Dictionary<string, LabelDecision> decisions, int? applied = null) => new(
        Guid.NewGuid(), Guid.NewGuid(), new DatasetRef("adult", 1), "income", 5, "gbtree", status, 0.05, [[10, 1], [2, 9]], ["<=50K", ">50K"], 22,
        [new LabelIssueRow(3, "<=50K", ">50K", 0.1), new LabelIssueRow(8, ">50K", "<=50K", 0.2)], decisions, applied, null, "a@b", DateTimeOffset.UnixEpoch);

    [Fact]
    public void CanApply_NoAcceptedDecision_DisabledWithReason_ThenEnabled()
    {
        var none = Report("ready", new() { ["3"] = new LabelDecision(3, "reject") });
        var some = Report("ready", new() { ["3"] = new LabelDecision(3, "relabel", ">50K") });

        Assert.Equal((false, "Accept at least one suspect (relabel or drop) first."), LabelIssueReviewViewModel.CanApply(none, canWrite: true));
        Assert.Equal((true, null), LabelIssueReviewViewModel.CanApply(some, canWrite: true));
        Assert.False(LabelIssueReviewViewModel.CanApply(some, canWrite: false).Enabled);
        Assert.Equal("Applied already: version 2 holds these fixes.", LabelIssueReviewViewModel.CanApply(Report("applied", new(), 2), true).Reason);
        Assert.Equal("relabel → >50K", LabelIssueReviewViewModel.DecisionText(some, 3));
        Assert.Equal("undecided", LabelIssueReviewViewModel.DecisionText(some, 8));
        Assert.Equal("1 relabel, 0 drop, 0 rejected, 1 undecided", LabelIssueReviewViewModel.Tally(some));
    }

    [Fact]
    public void Decide_Relabel_TakesEachRowsSuggestedLabel()
    {
        var decisions = LabelIssueReviewViewModel.Decide([new LabelIssueRow(3, "a", "b", 0.1), new LabelIssueRow(5, "b", "a", 0.2)], "relabel");

        Assert.Equal([new LabelDecision(3, "relabel", "b"), new LabelDecision(5, "relabel", "a")], decisions.Decisions);
    }
}
