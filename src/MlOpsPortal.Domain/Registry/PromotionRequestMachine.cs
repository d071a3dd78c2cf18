using System.Globalization;
using MlOpsPortal.Domain.Common;

namespace MlOpsPortal.Domain.Registry;

/// <summary>What a decision did to a request.</summary>
public enum PromotionOutcome
{
    /// <summary>An approval was recorded; more are needed.</summary>
    ApprovalRecorded,

    /// <summary>The last needed approval: the request is Approved and the alias must move now.</summary>
    Completed,
    Rejected,
    Cancelled,
    Expired,
}

/// <summary>
/// The promotion request state machine with its four-eyes rules: Open → Approved (alias moved) / Rejected / Expired /
/// Cancelled. Pure: the caller loads the request under a row lock, applies one decision, and persists the new state.
/// </summary>
public sealed class PromotionRequestMachine
{
    private readonly List<string> _approvers;

    public PromotionRequestMachine(
        PromotionRequestState state,
        DateTimeOffset expiresAt,
        string requesterUserId,
        string? versionCreatorUserId,
        int requiredApprovals,
        bool creatorMayApprove,
        IEnumerable<string> approverUserIds)
    {
        State = state;
        ExpiresAt = expiresAt;
        RequesterUserId = requesterUserId;
        VersionCreatorUserId = versionCreatorUserId;
        RequiredApprovals = Math.Max(1, requiredApprovals);
        CreatorMayApprove = creatorMayApprove;
        _approvers = approverUserIds.ToList();
    }

    public PromotionRequestState State { get; private set; }

    public DateTimeOffset ExpiresAt { get; }

    public string RequesterUserId { get; }

    public string? VersionCreatorUserId { get; }

    public int RequiredApprovals { get; }

    public bool CreatorMayApprove { get; }

    public IReadOnlyList<string> Approvers => _approvers;

    /// <summary>Why <paramref name="userId"/> may not approve or reject this request, or null when they may.</summary>
    public Error? FourEyesViolation(string userId)
    {
        if (string.Equals(userId, RequesterUserId, StringComparison.Ordinal))
        {
            return Error.Forbidden("Four-eyes rule: you requested this promotion, so you cannot approve or reject it. Another approver must decide.");
        }

        if (!CreatorMayApprove && string.Equals(userId, VersionCreatorUserId, StringComparison.Ordinal))
        {
            return Error.Forbidden("Four-eyes rule: you registered this model version, and this model's policy does not let its creator approve its promotion.");
        }

        return null;
    }

    /// <summary>Whether the user could act on the request now (for the inbox).</summary>
    public bool CanDecide(string userId, DateTimeOffset now) =>
        State == PromotionRequestState.Open && now < ExpiresAt && FourEyesViolation(userId) is null && !_approvers.Contains(userId);

    /// <summary>Records an approval; completes the request when enough distinct approvals exist and blocking gates pass.</summary>
    public Result<PromotionOutcome> Approve(string userId, string? comment, IReadOnlyList<string> failingBlockingGates, DateTimeOffset now)
    {
        if (Precheck(userId, comment, now) is { } error)
        {
            return error;
        }

        if (_approvers.Contains(userId))
        {
            return Error.Conflict("You have already approved this request; another approver must give the remaining approval.");
        }

        if (failingBlockingGates.Count > 0)
        {
            // The ProblemDetails name each failing gate in errors.gates, so a client can show which gate blocks.
            return new Error(ErrorCode.InvalidState, "Cannot approve: blocking gates do not pass: " + string.Join("; ", failingBlockingGates),
                new Dictionary<string, string[]>(StringComparer.Ordinal) { ["gates"] = [.. failingBlockingGates] });
        }

        _approvers.Add(userId);
        if (_approvers.Count >= RequiredApprovals)
        {
            State = PromotionRequestState.Approved;
            return PromotionOutcome.Completed;
        }

        return PromotionOutcome.ApprovalRecorded;
    }

    public Result<PromotionOutcome> Reject(string userId, string? comment, DateTimeOffset now)
    {
        if (Precheck(userId, comment, now) is { } error)
        {
            return error;
        }

        State = PromotionRequestState.Rejected;
        return PromotionOutcome.Rejected;
    }

    /// <summary>The requester (or an Admin) withdraws an open request.</summary>
    public Result<PromotionOutcome> Cancel(string userId, bool isAdmin, DateTimeOffset now)
    {
        if (StateError(now) is { } error)
        {
            return error;
        }

        if (!isAdmin && !string.Equals(userId, RequesterUserId, StringComparison.Ordinal))
        {
            return Error.Forbidden("Only the requester or an Admin can cancel a promotion request.");
        }

        State = PromotionRequestState.Cancelled;
        return PromotionOutcome.Cancelled;
    }

    /// <summary>Moves an open request past its expiry to Expired; true when it changed.</summary>
    public bool ExpireIfDue(DateTimeOffset now)
    {
        if (State == PromotionRequestState.Open && now >= ExpiresAt)
        {
            State = PromotionRequestState.Expired;
            return true;
        }

        return false;
    }

    private Error? Precheck(string userId, string? comment, DateTimeOffset now)
    {
        if (StateError(now) is { } stateError)
        {
            return stateError;
        }

        if (FourEyesViolation(userId) is { } fourEyes)
        {
            return fourEyes;
        }

        return string.IsNullOrWhiteSpace(comment) ? Error.Invalid("A comment is required to approve or reject a promotion request.") : null;
    }

    private Error? StateError(DateTimeOffset now)
    {
        if (ExpireIfDue(now) || State == PromotionRequestState.Expired)
        {
            return Error.InvalidState($"The request expired at {ExpiresAt.ToString("u", CultureInfo.InvariantCulture)}; create a new request.");
        }

        return State == PromotionRequestState.Open
            ? null
            : Error.InvalidState($"The request is already {State.ToString().ToLowerInvariant()}; it can no longer be changed.");
    }
}
