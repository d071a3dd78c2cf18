using System.Globalization;
using MlOpsPortal.Infrastructure.Registry;

namespace MlOpsPortal.Web.Components.Pages.Dashboard;

/// <summary>One step of the getting-started checklist.</summary>
public sealed record ChecklistStep(string Title, string Hint, string Href, bool Done);

/// <summary>What the home page decides from <see cref="DashboardData"/>, tested without rendering.</summary>
public static class DashboardViewModel
{
    /// <summary>upload → train → register → evaluate → fairness → promote → monitor, each with where to do it.</summary>
    public static IReadOnlyList<ChecklistStep> Checklist(GettingStarted p)
    {
        ArgumentNullException.ThrowIfNull(p);
        return
        [
            new("Upload a dataset", "A CSV with a header row; it is versioned and profiled.", "/datasets?upload=1", p.Uploaded),
            new("Train a model", "XGBoost on a dataset version, with live progress.", "/training/new", p.Trained),
            new("Register it", "From the run's page: Register.", "/experiments", p.Registered),
            new("Evaluate it", "Metrics, curves and the comparison with the champion.", "/models", p.Evaluated),
            new("Check fairness", "Group metrics against the model's policy.", "/fairness?new=1", p.FairnessChecked),
            new("Promote it", "Request an alias; an Approver reviews the evidence.", "/approvals", p.Promoted),
            new("Monitor it", "Drift and live accuracy of the alias in production.", "/monitoring", p.Monitored),
        ];
    }

    /// <summary>An empty portal: nothing uploaded, trained or registered yet.</summary>
    public static bool IsEmpty(GettingStarted p) =>
        p is { Uploaded: false, Trained: false, Registered: false };

    /// <summary>"2 of 3 approvals · Fairness blocks" for a pending request.</summary>
    public static string RequestSummary(PromotionRequestInfo request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var blocking = request.Gates.Where(g => g.Blocks).Select(g => g.Gate.ToString()).ToList();
        var approvals = $"{request.Approvals} of {request.RequiredApprovals} approval{(request.RequiredApprovals == 1 ? "" : "s")}";
        return blocking.Count == 0 ? approvals + " · gates pass" : $"{approvals} · blocked by {string.Join(", ", blocking)}";
    }

    public static bool IsBlocked(PromotionRequestInfo request) => request.Gates.Any(g => g.Blocks);

    /// <summary>A metric value for a small table cell: at most 4 significant digits, no binary noise.</summary>
    public static string Metric(double? value) =>
        value is not { } v ? "—"
        : double.IsNaN(v) || double.IsInfinity(v) ? v.ToString(CultureInfo.InvariantCulture)
        : Math.Abs(v) >= 1000 ? v.ToString("N0", CultureInfo.InvariantCulture)
        : v.ToString("G4", CultureInfo.InvariantCulture);

    /// <summary>"3 min ago", "2 h ago", "5 d ago" relative to <paramref name="now"/>.</summary>
    public static string Ago(DateTimeOffset at, DateTimeOffset now)
    {
        var span = now - at;
        return span.TotalMinutes < 1 ? "just now"
            : span.TotalHours < 1 ? $"{(int)span.TotalMinutes} min ago"
            : span.TotalDays < 1 ? $"{(int)span.TotalHours} h ago"
            : $"{(int)span.TotalDays} d ago";
    }
}
