using MlOpsPortal.Infrastructure.Registry;
using MlOpsPortal.Web.Auth;

namespace MlOpsPortal.Web.Api.Registry;

public sealed record CreateWebhookRequest(string Name, string Url, string[] Events, string? Secret);

/// <summary>The user's notifications, and Admin-managed webhooks with their delivery log.</summary>
public static class NotificationEndpoints
{
    public static void MapNotificationEndpoints(this IEndpointRouteBuilder app)
    {
        var n = app.MapGroup("/api/v1/notifications").WithTags("Notifications").WithPortalProblems();
        n.MapGet("/", async (int? take, HttpContext http, UserNotificationService svc, CancellationToken ct) =>
            TypedResults.Ok(await svc.ListAsync(CurrentActor.UserId(http.User), take ?? 50, ct))).RequireAuthorization(Policies.Read).WithName("listNotifications");
        n.MapPost("/read-all", async (HttpContext http, UserNotificationService svc, CancellationToken ct) =>
            TypedResults.Ok(new { marked = await svc.MarkAllReadAsync(CurrentActor.UserId(http.User), ct) })).RequireAuthorization(Policies.Read)
            .WithName("markAllNotificationsRead");

        var w = app.MapGroup("/api/v1/admin/webhooks").WithTags("Admin").WithPortalProblems();
        w.MapGet("/", async (WebhookService svc, CancellationToken ct) => TypedResults.Ok(await svc.ListAsync(ct))).RequireAuthorization(Policies.AdminRead).WithName("listWebhooks");
        w.MapPost("/", async (CreateWebhookRequest body, HttpContext http, WebhookService svc, CancellationToken ct) =>
            (await svc.CreateAsync(RegistryApi.Caller(http.User), body.Name, body.Url, body.Events ?? [], body.Secret, ct))
                .ToHttp(c => TypedResults.Created($"/api/v1/admin/webhooks/{c.Webhook.Id}", c))).RequireAuthorization(Policies.AdminWrite)
            .WithName("createWebhook").Returns<CreatedWebhook>(StatusCodes.Status201Created).Problems(StatusCodes.Status409Conflict);
        w.MapDelete("/{id:guid}", async (Guid id, HttpContext http, WebhookService svc, CancellationToken ct) =>
            (await svc.DeleteAsync(RegistryApi.Caller(http.User), id, ct)).ToHttp(_ => TypedResults.NoContent())).RequireAuthorization(Policies.AdminWrite)
            .WithName("deleteWebhook").ReturnsNoContent().Problems(StatusCodes.Status404NotFound);
        w.MapGet("/deliveries", async (Guid? webhookId, int? take, WebhookService svc, CancellationToken ct) =>
            TypedResults.Ok(await svc.DeliveriesAsync(webhookId, take ?? 200, ct))).RequireAuthorization(Policies.AdminRead)
            .WithName("listWebhookDeliveries");
    }
}
