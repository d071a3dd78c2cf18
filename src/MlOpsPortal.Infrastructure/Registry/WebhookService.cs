using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using MlOpsPortal.Domain.Common;
using MlOpsPortal.Domain.Registry;
using MlOpsPortal.Infrastructure.Persistence;

namespace MlOpsPortal.Infrastructure.Registry;

public sealed record WebhookInfo(Guid Id, string Name, string Url, IReadOnlyList<string> Events, bool Enabled, DateTimeOffset CreatedAt, string CreatedBy);

/// <summary>The secret is shown once at creation; it is stored protected with ASP.NET Data Protection so it can sign.</summary>
public sealed record CreatedWebhook(WebhookInfo Webhook, string Secret);

public sealed record DeliveryInfo(long Id, Guid WebhookId, string Event, string Status, int Attempts, DateTimeOffset CreatedAt, DateTimeOffset? LastAttemptAt, int? LastStatusCode, string? LastError, DateTimeOffset? DeliveredAt, DateTimeOffset NextAttemptAt);

/// <summary>Admin management of webhooks and the delivery log.</summary>
public sealed class WebhookService(IDbContextFactory<PortalDbContext> dbFactory, TimeProvider time, IDataProtectionProvider protection, WebhookTargets targets)
{
    public const string ProtectorPurpose = "MlOpsPortal.Registry.WebhookSecret.v1";

    public async Task<Result<CreatedWebhook>> CreateAsync(RegistryCaller caller, string name, string url, IReadOnlyList<string> events, string? secret, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Length > 100)
        {
            return Error.Invalid("Webhook name is required (at most 100 characters).");
        }

        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            return Error.Invalid("Webhook URL must be an absolute http or https URL.");
        }

        if (await targets.CheckAsync(uri, cancellationToken) is { IsSuccess: false } refused)
        {
            return refused.Error;
        }

        if (events.Count == 0 || events.Any(e => !RegistryEvents.All.Contains(e)))
        {
            return Error.Invalid($"Events must be a non-empty subset of: {string.Join(", ", RegistryEvents.All)}.");
        }

        if (secret is not null && secret.Length < 16)
        {
            return Error.Invalid("A webhook secret must be at least 16 characters (or omit it to get a generated one).");
        }

        secret ??= "whsec_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        var now = time.GetUtcNow();
        var hook = new Webhook
        {
            Id = Guid.NewGuid(),
            Name = name.Trim(),
            Url = uri.ToString(),
            Events = events.Distinct().ToList(),
            ProtectedSecret = protection.CreateProtector(ProtectorPurpose).Protect(secret),
            CreatedAt = now,
            CreatedBy = caller.UserName,
        };
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        db.Set<Webhook>().Add(hook);
        var info = ToInfo(hook);
        RegistryJournal.Audit(db, caller.Actor, now, "webhook.created", "Webhook", hook.Id.ToString(), null, info);
        await db.SaveChangesAsync(cancellationToken);
        return new CreatedWebhook(info, secret);
    }

    public async Task<IReadOnlyList<WebhookInfo>> ListAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var hooks = await db.Set<Webhook>().AsNoTracking().OrderBy(w => w.CreatedAt).ToListAsync(cancellationToken);
        return hooks.Select(ToInfo).ToList();
    }

    public async Task<Result<bool>> DeleteAsync(RegistryCaller caller, Guid id, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var hook = await db.Set<Webhook>().SingleOrDefaultAsync(w => w.Id == id, cancellationToken);
        if (hook is null)
        {
            return Error.NotFound($"Webhook {id} not found.");
        }

        db.Set<Webhook>().Remove(hook);
        RegistryJournal.Audit(db, caller.Actor, time.GetUtcNow(), "webhook.deleted", "Webhook", id.ToString(), ToInfo(hook), null);
        await db.SaveChangesAsync(cancellationToken);
        return true;
    }

    public async Task<IReadOnlyList<DeliveryInfo>> DeliveriesAsync(Guid? webhookId, int take, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var rows = db.Set<WebhookDelivery>().AsNoTracking();
        if (webhookId is { } id)
        {
            rows = rows.Where(d => d.WebhookId == id);
        }

        return await rows.OrderByDescending(d => d.Id).Take(Math.Clamp(take, 1, 1000))
            .Select(d => new DeliveryInfo(d.Id, d.WebhookId, d.Event, d.Status.ToString(), d.Attempts, d.CreatedAt, d.LastAttemptAt, d.LastStatusCode, d.LastError, d.DeliveredAt, d.NextAttemptAt))
            .ToListAsync(cancellationToken);
    }

    internal string Unprotect(string protectedSecret) => protection.CreateProtector(ProtectorPurpose).Unprotect(protectedSecret);

    private static WebhookInfo ToInfo(Webhook w) => new(w.Id, w.Name, w.Url, w.Events, w.Enabled, w.CreatedAt, w.CreatedBy);
}
