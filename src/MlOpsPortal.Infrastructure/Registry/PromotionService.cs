using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MlOpsPortal.Domain.Common;
using MlOpsPortal.Domain.Registry;
using MlOpsPortal.Infrastructure.Evaluation;
using MlOpsPortal.Infrastructure.Persistence;
using Npgsql;

namespace MlOpsPortal.Infrastructure.Registry;

/// <summary>
/// Promotion requests with four-eyes approval. A decision locks the request row (<c>SELECT … FOR UPDATE</c>), so
/// concurrent approvals are serialised: the alias moves exactly once, when the last required approval arrives.
/// </summary>
public sealed partial class PromotionService(
    IDbContextFactory<PortalDbContext> dbFactory,
    TimeProvider time,
    IOptions<RegistryOptions> options,
    RegistryChangeNotifier notifier,
    IEnumerable<IModelWarmer> warmers)
{
    public IReadOnlyList<string> ProtectedAliases => options.Value.EffectiveProtectedAliases;

    public async Task<Result<PromotionRequestInfo>> CreateRequestAsync(RegistryCaller caller, string name, int version, string alias, string? justification, CancellationToken cancellationToken)
    {
        var valid = AliasRules.Validate(alias);
        if (!valid.IsSuccess)
        {
            return valid.Error;
        }

        alias = valid.Value;
        if (!AliasRules.IsProtected(alias, ProtectedAliases))
        {
            return Error.Invalid($"Alias '{alias}' is not protected; set it directly instead of requesting a promotion.");
        }

        if (string.IsNullOrWhiteSpace(justification))
        {
            return Error.Invalid("A justification is required for a promotion request.");
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var found = await RegistryService.FindVersionAsync(db, name, version, tracking: false, cancellationToken);
        if (!found.IsSuccess)
        {
            return found.Error;
        }

        var (model, v) = found.Value;
        if (NotPromotable(name, v) is { } notReady)
        {
            return notReady;
        }

        var holder = await db.Set<ModelAlias>().AsNoTracking().SingleOrDefaultAsync(a => a.ModelId == model.Id && a.Alias == alias, cancellationToken);
        if (holder?.VersionId == v.Id)
        {
            return Error.InvalidState($"Version {version} already holds '{alias}'.");
        }

        if (await db.Set<PromotionRequest>().AnyAsync(r => r.VersionId == v.Id && r.Alias == alias && r.State == PromotionRequestState.Open, cancellationToken))
        {
            return Error.Conflict($"An open request to point '{alias}' at version {version} already exists.");
        }

        var now = time.GetUtcNow();
        var request = new PromotionRequest
        {
            Id = Guid.NewGuid(),
            ModelId = model.Id,
            VersionId = v.Id,
            Version = v.Version,
            Alias = alias,
            State = PromotionRequestState.Open,
            Justification = justification.Trim(),
            RequestedBy = caller.UserName,
            RequestedByUserId = caller.UserId,
            VersionCreatorUserId = v.CreatedByUserId,
            RequiredApprovals = model.Policy.RequiredApprovals,
            CreatorMayApprove = model.Policy.CreatorMayApprove,
            CreatedAt = now,
            ExpiresAt = now.AddHours(model.Policy.ExpiryHours),
            PreviousVersion = holder?.Version,
            Gates = (await EvaluateGatesAsync(db, model, v, alias, cancellationToken)).ToList(),
        };
        db.Set<PromotionRequest>().Add(request);
        var summary = $"{caller.UserName} requests '{alias}' → version {version} of '{name}'";
        RegistryJournal.History(db, model, caller.Actor, now, RegistryEvents.PromotionRequestCreated, summary + ": " + request.Justification, version, alias, holder?.Version, version, request.Id);
        RegistryJournal.Audit(db, caller.Actor, now, "promotion.requested", "PromotionRequest", request.Id.ToString(), null,
            new { model = name, version, alias, request.Justification, request.RequiredApprovals, gates = request.Gates.Select(g => g.Describe()) });
        await RegistryJournal.WebhookAsync(db, RegistryEvents.PromotionRequestCreated, Payload(name, request), now, cancellationToken);
        var approvers = (await RegistryJournal.ApproversAsync(db, cancellationToken))
            .Where(u => u != caller.UserId && (request.CreatorMayApprove || u != request.VersionCreatorUserId));
        RegistryJournal.Notify(db, approvers, now, RegistryEvents.PromotionRequestCreated, summary + " — awaiting your review.", $"/approvals/{request.Id}");
        await db.SaveChangesAsync(cancellationToken);
        notifier.Notify();
        return await GetRequestAsync(request.Id, caller.UserId, cancellationToken);
    }

    public Task<Result<PromotionRequestInfo>> ApproveAsync(RegistryCaller caller, Guid requestId, string? comment, CancellationToken cancellationToken) =>
        DecideAsync(caller, requestId, comment, approve: true, cancellationToken);

    public Task<Result<PromotionRequestInfo>> RejectAsync(RegistryCaller caller, Guid requestId, string? comment, CancellationToken cancellationToken) =>
        DecideAsync(caller, requestId, comment, approve: false, cancellationToken);

    public async Task<Result<PromotionRequestInfo>> CancelAsync(RegistryCaller caller, Guid requestId, string? comment, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await using var tx = await db.Database.BeginTransactionAsync(cancellationToken);
        var loaded = await LockAsync(db, requestId, cancellationToken);
        if (!loaded.IsSuccess)
        {
            return loaded.Error;
        }

        var (request, model, machine) = loaded.Value;
        var now = time.GetUtcNow();
        var result = machine.Cancel(caller.UserId, caller.IsAdmin, now);
        if (!result.IsSuccess)
        {
            await PersistExpiryAsync(db, tx, request, model, machine, now, cancellationToken);
            return result.Error;
        }

        request.State = machine.State;
        request.DecidedAt = now;
        db.Set<PromotionDecision>().Add(new PromotionDecision { RequestId = request.Id, UserId = caller.UserId, UserName = caller.UserName, Kind = "cancel", Comment = comment, At = now });
        RegistryJournal.History(db, model, caller.Actor, now, "promotion_request.cancelled", $"{caller.UserName} cancelled the request for '{request.Alias}' → version {request.Version}.", request.Version, request.Alias, requestId: request.Id);
        RegistryJournal.Audit(db, caller.Actor, now, "promotion.cancelled", "PromotionRequest", request.Id.ToString(), new { State = "Open" }, new { State = "Cancelled", comment });
        await db.SaveChangesAsync(cancellationToken);
        await tx.CommitAsync(cancellationToken);
        notifier.Notify();
        return await GetRequestAsync(request.Id, caller.UserId, cancellationToken);
    }

    private async Task<Result<PromotionRequestInfo>> DecideAsync(RegistryCaller caller, Guid requestId, string? comment, bool approve, CancellationToken cancellationToken)
    {
        if (!caller.IsApprover)
        {
            return Error.Forbidden("Only users with the Approver role can approve or reject promotion requests.");
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await using var tx = await db.Database.BeginTransactionAsync(cancellationToken);
        var loaded = await LockAsync(db, requestId, cancellationToken);
        if (!loaded.IsSuccess)
        {
            return loaded.Error;
        }

        var (request, model, machine) = loaded.Value;
        var now = time.GetUtcNow();
        var version = await db.Set<ModelVersion>().SingleAsync(v => v.Id == request.VersionId, cancellationToken);
        Result<PromotionOutcome> outcome;
        if (approve)
        {
            var gates = await EvaluateGatesAsync(db, model, version, request.Alias, cancellationToken);
            request.Gates = gates.ToList();
            outcome = NotPromotable(model.Name, version) is { } notReady ? notReady : machine.Approve(caller.UserId, comment, GateEvaluator.FailingBlocking(gates), now);
        }
        else
        {
            outcome = machine.Reject(caller.UserId, comment, now);
        }

        if (!outcome.IsSuccess)
        {
            await PersistExpiryAsync(db, tx, request, model, machine, now, cancellationToken);
            return outcome.Error;
        }

        db.Set<PromotionDecision>().Add(new PromotionDecision
        {
            RequestId = request.Id, UserId = caller.UserId, UserName = caller.UserName, Kind = approve ? "approve" : "reject", Comment = comment!.Trim(), At = now,
        });
        var verb = approve ? "approved" : "rejected";
        RegistryJournal.History(db, model, caller.Actor, now, approve ? "promotion_request.approval" : RegistryEvents.PromotionRequestRejected,
            $"{caller.UserName} {verb} '{request.Alias}' → version {request.Version} ({machine.Approvers.Count}/{request.RequiredApprovals} approvals): {comment!.Trim()}",
            request.Version, request.Alias, requestId: request.Id);
        RegistryJournal.Audit(db, caller.Actor, now, approve ? "promotion.approval" : "promotion.rejected", "PromotionRequest", request.Id.ToString(),
            new { State = "Open" }, new { State = machine.State.ToString(), approvals = machine.Approvers.Count, comment });
        if (outcome.Value is PromotionOutcome.Completed or PromotionOutcome.Rejected)
        {
            request.State = machine.State;
            request.DecidedAt = now;
            var eventName = approve ? RegistryEvents.PromotionRequestApproved : RegistryEvents.PromotionRequestRejected;
            if (approve)
            {
                request.PreviousVersion = await MoveAliasAsync(db, model, version, request.Alias, caller.Actor, request.Id, now, $"approved request by {request.RequestedBy}", cancellationToken);
                RegistryJournal.History(db, model, caller.Actor, now, eventName, $"Request approved; '{request.Alias}' moved to version {request.Version}.", request.Version, request.Alias, request.PreviousVersion, request.Version, request.Id);
            }

            await RegistryJournal.WebhookAsync(db, eventName, Payload(model.Name, request) with { DecidedBy = caller.UserName, Comment = comment!.Trim() }, now, cancellationToken);
            RegistryJournal.Notify(db, [request.RequestedByUserId], now, eventName,
                $"{caller.UserName} {verb} your request '{request.Alias}' → version {request.Version} of '{model.Name}': {comment!.Trim()}", $"/approvals/{request.Id}");
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
            await tx.CommitAsync(cancellationToken);
        }
        catch (DbUpdateException ex) when (ex is DbUpdateConcurrencyException || ex.InnerException is PostgresException { SqlState: "23505" })
        {
            return Error.Conflict("The alias or request changed at the same time; reload and try again.");
        }

        notifier.Notify();
        return await GetRequestAsync(request.Id, caller.UserId, cancellationToken);
    }

    private static async Task<Result<(PromotionRequest Request, RegisteredModel Model, PromotionRequestMachine Machine)>> LockAsync(PortalDbContext db, Guid requestId, CancellationToken cancellationToken)
    {
        var request = await db.Set<PromotionRequest>()
            .FromSql($"SELECT *, xmin FROM promotion_requests WHERE \"Id\" = {requestId} FOR UPDATE")
            .SingleOrDefaultAsync(cancellationToken);
        if (request is null)
        {
            return Error.NotFound($"Promotion request {requestId} not found.");
        }

        var model = await db.Set<RegisteredModel>().SingleAsync(m => m.Id == request.ModelId, cancellationToken);
        var approvers = await db.Set<PromotionDecision>().Where(d => d.RequestId == requestId && d.Kind == "approve").Select(d => d.UserId).ToListAsync(cancellationToken);
        var machine = new PromotionRequestMachine(request.State, request.ExpiresAt, request.RequestedByUserId, request.VersionCreatorUserId,
            request.RequiredApprovals, request.CreatorMayApprove, approvers);
        return (request, model, machine);
    }

    /// <summary>A decision on an expired request fails, but the expiry itself is a state change to keep.</summary>
    private async Task PersistExpiryAsync(PortalDbContext db, Microsoft.EntityFrameworkCore.Storage.IDbContextTransaction tx, PromotionRequest request, RegisteredModel model,
        PromotionRequestMachine machine, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (request.State == PromotionRequestState.Open && machine.State == PromotionRequestState.Expired)
        {
            await StageExpiryAsync(db, request, model, now, cancellationToken);
            db.ChangeTracker.Entries<PromotionDecision>().ToList().ForEach(e => e.State = EntityState.Detached);
            await db.SaveChangesAsync(cancellationToken);
            await tx.CommitAsync(cancellationToken);
            notifier.Notify();
        }
    }

    private static async Task StageExpiryAsync(PortalDbContext db, PromotionRequest request, RegisteredModel model, DateTimeOffset now, CancellationToken cancellationToken)
    {
        request.State = PromotionRequestState.Expired;
        request.DecidedAt = now;
        var actor = Application.Audit.Actor.System;
        RegistryJournal.History(db, model, actor, now, RegistryEvents.PromotionRequestExpired, $"Request for '{request.Alias}' → version {request.Version} expired without a decision.", request.Version, request.Alias, requestId: request.Id);
        RegistryJournal.Audit(db, actor, now, "promotion.expired", "PromotionRequest", request.Id.ToString(), new { State = "Open" }, new { State = "Expired" });
        await RegistryJournal.WebhookAsync(db, RegistryEvents.PromotionRequestExpired, Payload(model.Name, request), now, cancellationToken);
        RegistryJournal.Notify(db, [request.RequestedByUserId], now, RegistryEvents.PromotionRequestExpired, $"Your request '{request.Alias}' → version {request.Version} of '{model.Name}' expired.", $"/approvals/{request.Id}");
    }

    private static Error? NotPromotable(string name, ModelVersion v) => v.Status == ModelVersionStatus.Ready
        ? null
        : Error.InvalidState($"Version {v.Version} of '{name}' is {v.Status.ToMlflow()} and cannot be promoted{(v.StatusMessage is null ? "." : ": " + v.StatusMessage)}");

    private static async Task<IReadOnlyList<GateResult>> EvaluateGatesAsync(PortalDbContext db, RegisteredModel model, ModelVersion v, string alias, CancellationToken cancellationToken)
    {
        var holder = await db.Set<ModelAlias>().AsNoTracking().SingleOrDefaultAsync(a => a.ModelId == model.Id && a.Alias == alias, cancellationToken);
        var incumbent = holder is null ? null : await db.Set<ModelVersion>().AsNoTracking().SingleOrDefaultAsync(x => x.Id == holder.VersionId, cancellationToken);
        var fairness = await Fairness.FairnessGateEvidence.LatestAsync(db, model.Name, v.Version, model.Policy.FairnessDataset, cancellationToken);
        EvaluationEvidence? candidateEvaluation = null;
        EvaluationEvidence? incumbentEvaluation = null;
        if (model.Policy.HoldoutDataset is { } holdout)
        {
            candidateEvaluation = await EvaluationEvidenceQueries.LatestOnHoldoutAsync(db, v.RunId, holdout, cancellationToken);
            if (candidateEvaluation is not null && incumbent is not null)
            {
                incumbentEvaluation = await EvaluationEvidenceQueries.LatestOnDatasetAsync(db, incumbent.RunId, candidateEvaluation.Dataset, cancellationToken);
            }
        }

        var dataQuality = await Quality.DataQualityGateEvidence.TrainingDataAsync(db, v.RunId, cancellationToken);
        return GateEvaluator.Evaluate(model.Policy, new GateInput(
            v.Version, v.Metrics, v.CardStatus, incumbent?.Version, incumbent?.Metrics, fairness, candidateEvaluation, incumbentEvaluation, dataQuality));
    }

    private static RequestPayload Payload(string name, PromotionRequest r) =>
        new(r.Id, name, r.Version, r.Alias, r.State.ToString(), r.RequestedBy, r.Justification, r.PreviousVersion, null, null);

    private sealed record RequestPayload(Guid RequestId, string Name, int Version, string Alias, string State, string RequestedBy, string Justification, int? PreviousVersion, string? DecidedBy, string? Comment);
}
