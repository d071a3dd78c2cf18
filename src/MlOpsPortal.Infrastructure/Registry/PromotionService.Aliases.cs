using Microsoft.EntityFrameworkCore;
using MlOpsPortal.Application.Audit;
using MlOpsPortal.Domain.Common;
using MlOpsPortal.Domain.Identity;
using MlOpsPortal.Domain.Registry;
using MlOpsPortal.Infrastructure.Persistence;
using Npgsql;

namespace MlOpsPortal.Infrastructure.Registry;

/// <summary>Aliases: free ones set directly, protected ones only via requests or an Admin's emergency rollback; expiry sweep.</summary>
public sealed partial class PromotionService
{
    public async Task<Result<AliasInfo>> SetAliasAsync(RegistryCaller caller, string name, string alias, int version, CancellationToken cancellationToken)
    {
        var valid = AliasRules.Validate(alias);
        if (!valid.IsSuccess)
        {
            return valid.Error;
        }

        alias = valid.Value;
        if (AliasRules.IsProtected(alias, ProtectedAliases))
        {
            return ProtectedRefusal(name, alias);
        }

        return await MoveAsync(caller, name, alias, version, $"set by {caller.UserName}", cancellationToken);
    }

    /// <summary>Admin only: points a protected alias at a version without gates or approvals (audited, everyone notified).</summary>
    public async Task<Result<AliasInfo>> EmergencyRollbackAsync(RegistryCaller caller, string name, string alias, int version, string? reason, CancellationToken cancellationToken)
    {
        if (!caller.IsAdmin)
        {
            return Error.Forbidden("Only an Admin can perform an emergency rollback.");
        }

        if (string.IsNullOrWhiteSpace(reason))
        {
            return Error.Invalid("A reason is required for an emergency rollback.");
        }

        var valid = AliasRules.Validate(alias);
        return valid.IsSuccess
            ? await MoveAsync(caller, name, valid.Value, version, "EMERGENCY ROLLBACK (gates and approvals skipped): " + reason.Trim(), cancellationToken, emergency: true)
            : valid.Error;
    }

    public async Task<Result<bool>> DeleteAliasAsync(RegistryCaller caller, string name, string alias, CancellationToken cancellationToken)
    {
        if (AliasRules.IsProtected(alias, ProtectedAliases))
        {
            return ProtectedRefusal(name, alias);
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var model = await db.Set<RegisteredModel>().SingleOrDefaultAsync(m => m.Name == name, cancellationToken);
        if (model is null)
        {
            return RegistryService.ModelNotFound(name);
        }

        var row = await db.Set<ModelAlias>().SingleOrDefaultAsync(a => a.ModelId == model.Id && a.Alias == alias, cancellationToken);
        if (row is null)
        {
            return Error.NotFound($"Registered model '{name}' has no alias '{alias}'.");
        }

        var now = time.GetUtcNow();
        db.Set<ModelAlias>().Remove(row);
        RegistryJournal.History(db, model, caller.Actor, now, "alias.deleted", $"Alias '{alias}' (version {row.Version}) deleted by {caller.UserName}.", row.Version, alias, row.Version);
        RegistryJournal.Audit(db, caller.Actor, now, "alias.deleted", "ModelAlias", $"{name}@{alias}", new { row.Version }, null);
        await db.SaveChangesAsync(cancellationToken);
        notifier.Notify();
        return true;
    }

    /// <summary>The version number an alias points at.</summary>
    public async Task<Result<int>> ResolveAliasAsync(string name, string alias, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var row = await db.Set<ModelAlias>().AsNoTracking()
            .Join(db.Set<RegisteredModel>().Where(m => m.Name == name), a => a.ModelId, m => m.Id, (a, _) => a)
            .SingleOrDefaultAsync(a => a.Alias == alias, cancellationToken);
        return row is null ? Error.NotFound($"Registered model '{name}' has no alias '{alias}'.") : row.Version;
    }

    /// <summary>Expires every open request past its expiry time; returns how many changed.</summary>
    public async Task<int> ExpireDueAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        List<Guid> due;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            due = await db.Set<PromotionRequest>().Where(r => r.State == PromotionRequestState.Open && r.ExpiresAt <= now).Select(r => r.Id).Take(100).ToListAsync(cancellationToken);
        }

        var count = 0;
        foreach (var id in due)
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            await using var tx = await db.Database.BeginTransactionAsync(cancellationToken);
            var loaded = await LockAsync(db, id, cancellationToken);
            if (loaded.IsSuccess && loaded.Value.Machine.ExpireIfDue(now))
            {
                await StageExpiryAsync(db, loaded.Value.Request, loaded.Value.Model, now, cancellationToken);
                await db.SaveChangesAsync(cancellationToken);
                await tx.CommitAsync(cancellationToken);
                count++;
            }
        }

        if (count > 0)
        {
            notifier.Notify();
        }

        return count;
    }

    internal async Task<int?> MoveAliasAsync(PortalDbContext db, RegisteredModel model, ModelVersion v, string alias, Actor actor, Guid? requestId, DateTimeOffset now, string how, CancellationToken cancellationToken, bool emergency = false)
    {
        // Serving loads and warms the new version before the move commits, so traffic never meets a cold session.
        foreach (var warmer in warmers)
        {
            await warmer.WarmAsync(model.Name, v.Version, v.Format, v.ArtifactSha256, cancellationToken);
        }

        var row = await db.Set<ModelAlias>().SingleOrDefaultAsync(a => a.ModelId == model.Id && a.Alias == alias, cancellationToken);
        var from = row?.Version;
        if (row is null)
        {
            row = new ModelAlias { ModelId = model.Id, Alias = alias };
            db.Set<ModelAlias>().Add(row);
        }

        row.VersionId = v.Id;
        row.Version = v.Version;
        row.UpdatedAt = now;
        row.UpdatedBy = actor.Name;
        row.RequestId = requestId;
        var fromText = from is null ? "nothing" : $"version {from}";
        RegistryJournal.History(db, model, actor, now, emergency ? "alias.emergency_rollback" : RegistryEvents.AliasMoved,
            $"'{alias}' moved from {fromText} to version {v.Version} ({how}).", v.Version, alias, from, v.Version, requestId);
        RegistryJournal.Audit(db, actor, now, emergency ? "alias.emergency_rollback" : "alias.moved", "ModelAlias", $"{model.Name}@{alias}",
            new { version = from }, new { version = v.Version, requestId, how });
        await RegistryJournal.WebhookAsync(db, RegistryEvents.AliasMoved,
            new { name = model.Name, alias, from_version = from, to_version = v.Version, request_id = requestId, moved_by = actor.Name, emergency }, now, cancellationToken);
        return from;
    }

    private async Task<Result<AliasInfo>> MoveAsync(RegistryCaller caller, string name, string alias, int version, string how, CancellationToken cancellationToken, bool emergency = false)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var found = await RegistryService.FindVersionAsync(db, name, version, tracking: true, cancellationToken);
        if (!found.IsSuccess)
        {
            return found.Error;
        }

        var (model, v) = found.Value;
        if (NotPromotable(name, v) is { } notReady)
        {
            return notReady;
        }

        var now = time.GetUtcNow();
        var from = await MoveAliasAsync(db, model, v, alias, caller.Actor, null, now, how, cancellationToken, emergency);
        if (emergency)
        {
            var everyone = (await RegistryJournal.ApproversAsync(db, cancellationToken)).Concat(await RegistryJournal.UsersInRoleAsync(db, Roles.Admin, cancellationToken));
            RegistryJournal.Notify(db, everyone, now, "alias.emergency_rollback",
                $"EMERGENCY ROLLBACK by {caller.UserName}: '{alias}' of '{name}' moved from version {from?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none"} to {version}. {how}", $"/models/{Uri.EscapeDataString(name)}");
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException ex) when (ex is DbUpdateConcurrencyException || ex.InnerException is PostgresException { SqlState: "23505" })
        {
            return Error.Conflict($"Alias '{alias}' was changed by someone else at the same time; reload and try again.");
        }

        notifier.Notify();
        return new AliasInfo(alias, version, AliasRules.IsProtected(alias, ProtectedAliases), now, caller.UserName, null);
    }

    private static Error ProtectedRefusal(string name, string alias) => Error.Forbidden(
        $"Alias '{alias}' is protected: it moves only through an approved promotion request. " +
        $"Create one with POST /api/v1/models/{Uri.EscapeDataString(name)}/promotion-requests (or on the model's page), and an Approver will review it.");
}
