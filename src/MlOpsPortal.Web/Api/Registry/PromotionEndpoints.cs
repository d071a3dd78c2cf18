using MlOpsPortal.Domain.Registry;
using MlOpsPortal.Infrastructure.Registry;
using MlOpsPortal.Web.Auth;

namespace MlOpsPortal.Web.Api.Registry;

public sealed record SetAliasRequest(int Version);

public sealed record RollbackRequest(int Version, string? Reason);

public sealed record CreatePromotionRequest(int Version, string Alias, string? Justification);

public sealed record DecisionRequest(string? Comment);

/// <summary>Aliases, promotion requests (four-eyes), emergency rollback and the history timeline.</summary>
public static class PromotionEndpoints
{
    public static void MapPromotionEndpoints(this IEndpointRouteBuilder app)
    {
        var m = app.MapGroup("/api/v1/models/{name}").WithTags("Registry").WithPortalProblems();
        m.MapGet("/aliases/{alias}", async (string name, string alias, PromotionService promotions, RegistryService registry, CancellationToken ct) =>
        {
            var version = await promotions.ResolveAliasAsync(name, alias, ct);
            return version.IsSuccess ? (await registry.GetVersionAsync(name, version.Value, ct)).ToHttp() : Problems.From(version.Error);
        }).RequireAuthorization(Policies.Read).WithName("getModelVersionByAlias").Returns<VersionInfo>().Problems(StatusCodes.Status404NotFound);
        m.MapPut("/aliases/{alias}", async (string name, string alias, SetAliasRequest body, HttpContext http, PromotionService svc, CancellationToken ct) =>
            (await svc.SetAliasAsync(RegistryApi.Caller(http.User), name, alias, body.Version, ct)).ToHttp()).RequireAuthorization(Policies.Write)
            .WithName("setModelAlias").Returns<AliasInfo>().Problems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
        m.MapDelete("/aliases/{alias}", async (string name, string alias, HttpContext http, PromotionService svc, CancellationToken ct) =>
            (await svc.DeleteAliasAsync(RegistryApi.Caller(http.User), name, alias, ct)).ToHttp(_ => TypedResults.NoContent())).RequireAuthorization(Policies.Write)
            .WithName("deleteModelAlias").ReturnsNoContent().Problems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
        m.MapPost("/aliases/{alias}/emergency-rollback", async (string name, string alias, RollbackRequest body, HttpContext http, PromotionService svc, CancellationToken ct) =>
            (await svc.EmergencyRollbackAsync(RegistryApi.Caller(http.User), name, alias, body.Version, body.Reason, ct)).ToHttp()).RequireAuthorization(Policies.AdminWrite)
            .WithName("emergencyRollbackModelAlias").Returns<AliasInfo>().Problems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
        m.MapPost("/promotion-requests", async (string name, CreatePromotionRequest body, HttpContext http, PromotionService svc, CancellationToken ct) =>
            (await svc.CreateRequestAsync(RegistryApi.Caller(http.User), name, body.Version, body.Alias, body.Justification, ct))
                .ToHttp(r => TypedResults.Created($"/api/v1/promotion-requests/{r.Id}", r))).RequireAuthorization(Policies.Write)
            .WithName("createPromotionRequest").Returns<PromotionRequestInfo>(StatusCodes.Status201Created).Problems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
        m.MapGet("/history", async (string name, long? beforeId, int? take, PromotionService svc, CancellationToken ct) =>
            (await svc.HistoryAsync(name, beforeId, take ?? 200, ct)).ToHttp()).RequireAuthorization(Policies.Read)
            .WithName("getModelHistory").Returns<IReadOnlyList<HistoryItem>>().Problems(StatusCodes.Status404NotFound);
        m.MapGet("/history.csv", async (string name, HttpContext http, PromotionService svc, CancellationToken ct) =>
        {
            var exists = await svc.HistoryAsync(name, null, 1, ct);
            if (!exists.IsSuccess)
            {
                return Problems.From(exists.Error);
            }

            http.Response.ContentType = "text/csv; charset=utf-8";
            http.Response.Headers.ContentDisposition = $"attachment; filename=\"{name}-history.csv\"";
            await using var writer = new StreamWriter(http.Response.Body, leaveOpen: true);
            await svc.WriteHistoryCsvAsync(name, writer, ct);
            return Results.Empty;
        }).RequireAuthorization(Policies.Read).WithName("exportModelHistoryCsv").ReturnsFile("text/csv").Problems(StatusCodes.Status404NotFound);

        var r = app.MapGroup("/api/v1/promotion-requests").WithTags("Approvals").WithPortalProblems();
        r.MapGet("/", async (string? model, PromotionRequestState? state, int? take, HttpContext http, PromotionService svc, CancellationToken ct) =>
            TypedResults.Ok(await svc.ListRequestsAsync(model, state, CurrentActor.UserId(http.User), take ?? 100, ct))).RequireAuthorization(Policies.Read)
            .WithName("listPromotionRequests");
        r.MapGet("/inbox", async (HttpContext http, PromotionService svc, CancellationToken ct) =>
            TypedResults.Ok(await svc.InboxAsync(CurrentActor.UserId(http.User), ct))).RequireAuthorization(Policies.Approve)
            .WithName("listApprovalInbox");
        r.MapGet("/{id:guid}", async (Guid id, HttpContext http, PromotionService svc, CancellationToken ct) =>
            (await svc.GetRequestAsync(id, CurrentActor.UserId(http.User), ct)).ToHttp()).RequireAuthorization(Policies.Read)
            .WithName("getPromotionRequest").Returns<PromotionRequestInfo>().Problems(StatusCodes.Status404NotFound);
        r.MapPost("/{id:guid}/approve", async (Guid id, DecisionRequest body, HttpContext http, PromotionService svc, CancellationToken ct) =>
            (await svc.ApproveAsync(RegistryApi.Caller(http.User), id, body.Comment, ct)).ToHttp()).RequireAuthorization(Policies.Approve)
            .WithName("approvePromotionRequest").Returns<PromotionRequestInfo>().Problems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
        r.MapPost("/{id:guid}/reject", async (Guid id, DecisionRequest body, HttpContext http, PromotionService svc, CancellationToken ct) =>
            (await svc.RejectAsync(RegistryApi.Caller(http.User), id, body.Comment, ct)).ToHttp()).RequireAuthorization(Policies.Approve)
            .WithName("rejectPromotionRequest").Returns<PromotionRequestInfo>().Problems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
        r.MapPost("/{id:guid}/cancel", async (Guid id, DecisionRequest body, HttpContext http, PromotionService svc, CancellationToken ct) =>
            (await svc.CancelAsync(RegistryApi.Caller(http.User), id, body.Comment, ct)).ToHttp()).RequireAuthorization(Policies.Write)
            .WithName("cancelPromotionRequest").Returns<PromotionRequestInfo>().Problems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
    }
}
