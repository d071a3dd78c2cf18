using System.Globalization;
using MlOpsPortal.Infrastructure.LabelIssues;

namespace MlOpsPortal.Web.Components.Pages.Datasets;

/// <summary>What the label-issue review page shows and allows: decisions in words, what may be applied and why not.</summary>
public static class LabelIssueReviewViewModel
{
    /// <summary>Suspects shown on the page (the most suspect first); the API returns every one.</summary>
    public const int ShownRows = 200;

    public static string DecisionText(LabelIssueReportView report, long row)
    {
        ArgumentNullException.ThrowIfNull(report);
        return report.Decisions.TryGetValue(row.ToString(CultureInfo.InvariantCulture), out var d)
            ? d.Action switch
            {
                "relabel" => $"relabel → {d.Label}",
                "drop" => "drop",
                _ => "rejected (label kept)",
            }
            : "undecided";
    }

    /// <summary>Decisions for the selected rows: relabel takes each row's suggested label.</summary>
    public static LabelDecisions Decide(IEnumerable<LabelIssueRow> selected, string action)
    {
        ArgumentNullException.ThrowIfNull(selected);
        return new LabelDecisions([.. selected.Select(r => new LabelDecision(r.Row, action, action == "relabel" ? r.SuggestedLabel : null))]);
    }

    /// <summary>Whether "apply" is possible now and, when not, why (in the reviewer's words).</summary>
    public static (bool Enabled, string? Reason) CanApply(LabelIssueReportView report, bool canWrite)
    {
        ArgumentNullException.ThrowIfNull(report);
        if (!canWrite)
        {
            return (false, "Only data scientists and admins can apply fixes.");
        }

        if (report.AppliedVersion is { } applied)
        {
            return (false, $"Applied already: version {applied} holds these fixes.");
        }

        if (report.Status != "ready")
        {
            return (false, "The check has not finished yet.");
        }

        var accepted = report.Decisions.Values.Count(d => d.Action is "relabel" or "drop");
        return accepted == 0
            ? (false, "Accept at least one suspect (relabel or drop) first.")
            : (true, null);
    }

    /// <summary>"12 relabel, 3 drop, 5 rejected, 80 undecided".</summary>
    public static string Tally(LabelIssueReportView report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var decisions = report.Decisions.Values.ToList();
        var undecided = report.Rows.Count - decisions.Count;
        return $"{decisions.Count(d => d.Action == "relabel")} relabel, {decisions.Count(d => d.Action == "drop")} drop, " +
               $"{decisions.Count(d => d.Action == "reject")} rejected, {Math.Max(0, undecided)} undecided";
    }
}
