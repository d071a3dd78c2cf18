using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using MlOpsPortal.Application.Audit;
using MlOpsPortal.Domain.Identity;
using MlOpsPortal.Infrastructure.Audit;
using MlOpsPortal.Infrastructure.Persistence;

namespace MlOpsPortal.Infrastructure.Registry;

/// <summary>
/// Stages everything a registry change leaves behind into the context that makes the change, so it all commits in
/// one transaction: the model's history line, the audit entry, webhook deliveries (outbox) and notifications.
/// </summary>
internal static class RegistryJournal
{
    private static readonly JsonSerializerOptions WebhookJson = new(JsonSerializerDefaults.Web) { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public static void History(PortalDbContext db, RegisteredModel model, Actor actor, DateTimeOffset at, string kind, string detail,
        int? version = null, string? alias = null, int? from = null, int? to = null, Guid? requestId = null) =>
        db.Set<RegistryHistoryEntry>().Add(new RegistryHistoryEntry
        {
            ModelId = model.Id,
            At = at,
            Actor = actor.Name,
            ActorUserId = actor.UserId,
            Kind = kind,
            // The column holds 5000 characters; a summary that quotes a long justification is cut, not refused.
            Detail = detail.Length > 5000 ? detail[..4999] + "…" : detail,
            Version = version,
            Alias = alias,
            FromVersion = from,
            ToVersion = to,
            RequestId = requestId,
        });

    public static void Audit(PortalDbContext db, Actor actor, DateTimeOffset at, string action, string entityType, string entityId, object? before, object? after) =>
        AuditLog.Stage(db, new AuditRecord(actor, action, entityType, entityId, before, after), at);

    /// <summary>Adds one pending delivery per enabled webhook subscribed to <paramref name="eventName"/>.</summary>
    public static async Task WebhookAsync(PortalDbContext db, string eventName, object data, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var hooks = await db.Set<Webhook>().AsNoTracking().Where(w => w.Enabled && w.Events.Contains(eventName)).Select(w => w.Id).ToListAsync(cancellationToken);
        foreach (var id in hooks)
        {
            var body = JsonSerializer.Serialize(new { id = Guid.NewGuid(), @event = eventName, occurred_at = at, data }, WebhookJson);
            db.Set<WebhookDelivery>().Add(new WebhookDelivery
            {
                WebhookId = id,
                Event = eventName,
                Payload = body,
                Status = WebhookDeliveryStatus.Pending,
                CreatedAt = at,
                NextAttemptAt = at,
            });
        }
    }

    public static void Notify(PortalDbContext db, IEnumerable<string> userIds, DateTimeOffset at, string kind, string title, string? link)
    {
        foreach (var userId in userIds.Distinct(StringComparer.Ordinal))
        {
            db.Set<Notification>().Add(new Notification { UserId = userId, At = at, Kind = kind, Title = title, Link = link });
        }
    }

    public static Task<List<string>> UsersInRoleAsync(PortalDbContext db, string role, CancellationToken cancellationToken) =>
        db.UserRoles.Join(db.Roles.Where(r => r.Name == role), ur => ur.RoleId, r => r.Id, (ur, _) => ur.UserId).ToListAsync(cancellationToken);

    public static Task<List<string>> ApproversAsync(PortalDbContext db, CancellationToken cancellationToken) => UsersInRoleAsync(db, Roles.Approver, cancellationToken);
}

/// <summary>Raised after a registry change commits, so open pages (inbox badge, bell) refresh.</summary>
public sealed class RegistryChangeNotifier
{
    public event Action? Changed;

    public void Notify() => Changed?.Invoke();
}
