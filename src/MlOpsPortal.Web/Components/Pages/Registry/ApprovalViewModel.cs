using System.Globalization;
using MlOpsPortal.Domain.Registry;
using MlOpsPortal.Infrastructure.Registry;

namespace MlOpsPortal.Web.Components.Pages.Registry;

/// <summary>Whether a decision button is enabled and, when it is not, why (in the viewer's words).</summary>
public sealed record DecisionState(bool Enabled, IReadOnlyList<string> Reasons)
{
    public string? Reason => Reasons.Count == 0 ? null : string.Join(" ", Reasons);
}

/// <summary>
/// What the approval pages show and allow: the decision rules the server enforces (state, expiry, Approver role,
/// four-eyes, blocking gates) said before the click, gate titles and summaries, and a request's age.
/// </summary>
public static class ApprovalViewModel
{
    public static string GateTitle(GateKind gate) => gate switch
    {
        GateKind.Evaluation => "1. Holdout evaluation",
        GateKind.MetricThresholds => "2. Metric thresholds",
        GateKind.Fairness => "3. Fairness report",
        GateKind.DataQuality => "5. Training data quality",
        _ => "4. Model card approved",
    };

    /// <summary>Whether <paramref name="viewer"/> may approve now; every reason that stops them otherwise.</summary>
    public static DecisionState Approve(PromotionRequestInfo request, RegistryCaller viewer, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(viewer);
        var reasons = CommonReasons(request, viewer, now, "approve");
        if (request.State == PromotionRequestState.Open && viewer.IsApprover && !IsRequester(request, viewer))
        {
            if (request.Decisions.Any(d => d.Kind == "approve" && string.Equals(d.UserName, viewer.UserName, StringComparison.OrdinalIgnoreCase)))
            {
                reasons.Add("You have already approved this request; another approver must give the remaining approval.");
            }
            else if (!request.CanDecide && now < request.ExpiresAt)
            {
                reasons.Add("Four-eyes rule: you registered this version, and this model's policy does not let its creator approve its promotion.");
            }
        }

        if (request.State == PromotionRequestState.Open)
        {
            reasons.AddRange(FailingBlocking(request).Select(g => $"Blocking gate fails: {GateTitle(g.Gate)} ({Outcome(g.Outcome)}) — {g.Summary}"));
        }

        return new DecisionState(reasons.Count == 0, reasons);
    }

    /// <summary>Whether <paramref name="viewer"/> may reject now (gates do not matter for a rejection).</summary>
    public static DecisionState Reject(PromotionRequestInfo request, RegistryCaller viewer, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(viewer);
        var reasons = CommonReasons(request, viewer, now, "reject");
        if (reasons.Count == 0 && !request.CanDecide && !request.Decisions.Any(d => d.Kind == "approve" && string.Equals(d.UserName, viewer.UserName, StringComparison.OrdinalIgnoreCase)))
        {
            reasons.Add("Four-eyes rule: you registered this version, and this model's policy does not let its creator decide on its promotion.");
        }

        return new DecisionState(reasons.Count == 0, reasons);
    }

    /// <summary>The requester or an Admin may withdraw an open request.</summary>
    public static bool CanCancel(PromotionRequestInfo request, RegistryCaller viewer) =>
        request.State == PromotionRequestState.Open && (viewer.IsAdmin || IsRequester(request, viewer));

    public static IReadOnlyList<GateResult> FailingBlocking(PromotionRequestInfo request) => request.Gates.Where(g => g.Blocks).ToList();

    /// <summary>"All blocking gates pass" or which ones fail, for the inbox.</summary>
    public static string GateSummary(PromotionRequestInfo request)
    {
        var failing = FailingBlocking(request);
        return failing.Count == 0
            ? "All blocking gates pass"
            : $"{failing.Count} blocking gate{(failing.Count == 1 ? string.Empty : "s")} fail{(failing.Count == 1 ? "s" : string.Empty)}: {string.Join(", ", failing.Select(g => ShortTitle(g.Gate)))}";
    }

    public static string ShortTitle(GateKind gate) => gate switch
    {
        GateKind.Evaluation => "holdout evaluation",
        GateKind.MetricThresholds => "metric thresholds",
        GateKind.Fairness => "fairness",
        GateKind.DataQuality => "training data quality",
        _ => "model card",
    };

    public static string Outcome(GateOutcome outcome) => outcome switch
    {
        GateOutcome.Passed => "passed",
        GateOutcome.Failed => "failed",
        GateOutcome.NoEvidence => "no evidence yet",
        _ => "not configured",
    };

    /// <summary>How long ago, coarse: "just now", "5 min", "3 h", "2 d".</summary>
    public static string Age(DateTimeOffset at, DateTimeOffset now)
    {
        var span = now - at;
        return span.TotalMinutes < 1 ? "just now"
            : span.TotalHours < 1 ? $"{(int)span.TotalMinutes} min"
            : span.TotalDays < 1 ? $"{(int)span.TotalHours} h"
            : $"{(int)span.TotalDays} d";
    }

    public static string Stamp(DateTimeOffset at) => at.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + " UTC";

    private static bool IsRequester(PromotionRequestInfo request, RegistryCaller viewer) =>
        string.Equals(request.RequestedBy, viewer.UserName, StringComparison.OrdinalIgnoreCase);

    private static List<string> CommonReasons(PromotionRequestInfo request, RegistryCaller viewer, DateTimeOffset now, string verb)
    {
        var reasons = new List<string>();
        if (request.State != PromotionRequestState.Open)
        {
            reasons.Add($"This request is {request.State.ToString().ToLowerInvariant()}; it can no longer be decided.");
            return reasons;
        }

        if (now >= request.ExpiresAt)
        {
            reasons.Add($"This request expired on {Stamp(request.ExpiresAt)}; the requester must create a new one.");
            return reasons;
        }

        if (!viewer.IsApprover)
        {
            reasons.Add($"Only users with the Approver role can {verb} promotion requests, and you do not have it.");
        }
        else if (IsRequester(request, viewer))
        {
            reasons.Add($"Four-eyes rule: you requested this promotion, so you cannot {verb} it; another approver must decide.");
        }

        return reasons;
    }
}
