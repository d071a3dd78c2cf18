using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using MlOpsPortal.Application.Audit;
using MlOpsPortal.Application.Exports;
using MlOpsPortal.Infrastructure.Persistence;

namespace MlOpsPortal.Infrastructure.Audit;

internal sealed class AuditLog(IDbContextFactory<PortalDbContext> dbFactory, TimeProvider time) : IAuditLog
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task WriteAsync(AuditRecord record, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        db.AuditEntries.Add(ToEntry(record, time.GetUtcNow()));
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>Adds the entry to a context the caller is about to save, so the change and its audit row commit together.</summary>
    public static void Stage(PortalDbContext db, AuditRecord record, DateTimeOffset at) => db.AuditEntries.Add(ToEntry(record, at));

    public async Task<IReadOnlyList<AuditEntryDto>> QueryAsync(AuditQuery query, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await Filter(db, query).Take(Math.Clamp(query.Limit, 1, 1000)).ToListAsync(cancellationToken);
    }

    public async Task WriteCsvAsync(AuditQuery query, TextWriter writer, CancellationToken cancellationToken)
    {
        await writer.WriteLineAsync("id,at,actor,action,entity_type,entity_id,before,after,trace_id".AsMemory(), cancellationToken);
        long? beforeId = query.BeforeId;
        while (true)
        {
            var page = await QueryAsync(query with { BeforeId = beforeId, Limit = 1000 }, cancellationToken);
            foreach (var e in page)
            {
                var fields = new[]
                {
                    e.Id.ToString(CultureInfo.InvariantCulture), e.At.ToString("O", CultureInfo.InvariantCulture), e.Actor, e.Action,
                    e.EntityType, e.EntityId, e.Before ?? string.Empty, e.After ?? string.Empty, e.TraceId ?? string.Empty,
                };
                await writer.WriteLineAsync(string.Join(',', fields.Select(Quote)).AsMemory(), cancellationToken);
            }

            if (page.Count < 1000)
            {
                break;
            }

            beforeId = page[^1].Id;
        }
    }

    private static AuditEntry ToEntry(AuditRecord record, DateTimeOffset at) => new()
    {
        At = at,
        Actor = record.Actor.Name,
        ActorUserId = record.Actor.UserId,
        Action = record.Action,
        EntityType = record.EntityType,
        EntityId = record.EntityId,
        Before = record.Before is null ? null : JsonSerializer.Serialize(record.Before, Json),
        After = record.After is null ? null : JsonSerializer.Serialize(record.After, Json),
        TraceId = record.TraceId ?? System.Diagnostics.Activity.Current?.TraceId.ToString(),
    };

    private static IQueryable<AuditEntryDto> Filter(PortalDbContext db, AuditQuery q)
    {
        var rows = db.AuditEntries.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(q.Actor))
        {
            rows = rows.Where(e => e.Actor == q.Actor);
        }

        if (!string.IsNullOrWhiteSpace(q.Action))
        {
            rows = rows.Where(e => e.Action.StartsWith(q.Action));
        }

        if (!string.IsNullOrWhiteSpace(q.EntityType))
        {
            rows = rows.Where(e => e.EntityType == q.EntityType);
        }

        if (!string.IsNullOrWhiteSpace(q.EntityId))
        {
            rows = rows.Where(e => e.EntityId == q.EntityId);
        }

        if (q.From is { } from)
        {
            rows = rows.Where(e => e.At >= from);
        }

        if (q.To is { } to)
        {
            rows = rows.Where(e => e.At < to);
        }

        if (q.BeforeId is { } before)
        {
            rows = rows.Where(e => e.Id < before);
        }

        return rows.OrderByDescending(e => e.Id)
            .Select(e => new AuditEntryDto(e.Id, e.At, e.Actor, e.Action, e.EntityType, e.EntityId, e.Before, e.After, e.TraceId));
    }

    // Quoted for CSV and neutralized for spreadsheets (a name or comment starting with '=' must not run as a formula).
    private static string Quote(string value) => SpreadsheetSafe.Field(value);
}
