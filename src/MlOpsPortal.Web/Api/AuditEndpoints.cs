using MlOpsPortal.Application.Audit;
using MlOpsPortal.Web.Auth;

namespace MlOpsPortal.Web.Api;

public static class AuditEndpoints
{
    public static void MapAuditEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/audit").WithTags("Audit").RequireAuthorization(Policies.AdminRead).WithPortalProblems();
        group.MapGet("/", async ([AsParameters] AuditFilter f, IAuditLog audit, CancellationToken ct) =>
            TypedResults.Ok(await audit.QueryAsync(f.ToQuery(), ct))).WithName("queryAudit");
        group.MapGet("/export.csv", async ([AsParameters] AuditFilter f, HttpContext http, IAuditLog audit, CancellationToken ct) =>
        {
            http.Response.ContentType = "text/csv; charset=utf-8";
            http.Response.Headers.ContentDisposition = "attachment; filename=audit.csv";
            await using var writer = new StreamWriter(http.Response.Body, leaveOpen: true);
            await audit.WriteCsvAsync(f.ToQuery() with { Limit = 1000 }, writer, ct);
        }).WithName("exportAuditCsv").ReturnsFile("text/csv");
    }

    public sealed record AuditFilter(string? Actor, string? Action, string? EntityType, string? EntityId, DateTimeOffset? From, DateTimeOffset? To, long? BeforeId, int? Limit)
    {
        public AuditQuery ToQuery() => new(Actor, Action, EntityType, EntityId, From, To, BeforeId, Limit ?? 100);
    }
}
