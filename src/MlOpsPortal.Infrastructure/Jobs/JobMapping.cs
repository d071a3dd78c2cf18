using System.Text.Json;
using MlOpsPortal.Application.Audit;
using MlOpsPortal.Application.Jobs;
using MlOpsPortal.Infrastructure.Persistence;

namespace MlOpsPortal.Infrastructure.Jobs;

internal static class JobMapping
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static JobDto ToDto(this JobRow row)
    {
        using var doc = JsonDocument.Parse(string.IsNullOrWhiteSpace(row.Parameters) ? "{}" : row.Parameters);
        return new JobDto(
            row.Id, row.Kind, row.Status, row.Progress, row.Step, row.Requester, row.CreatedAt, row.StartedAt, row.FinishedAt,
            row.UpdatedAt, row.Node, row.Attempts, row.CancelRequested, row.Error, row.ErrorDetails, row.TraceId,
            doc.RootElement.Clone(), [.. row.Log],
            doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("runId", out var run) && run.ValueKind == JsonValueKind.String ? run.GetString() : null);
    }

    /// <summary>
    /// Adds a Queued job row to a context the caller is about to save, so that the job commits together with the state
    /// that needs it (e.g. a new dataset version and its profile job). Call <see cref="IJobScheduler.EnqueueAsync"/>
    /// with the same request after the commit to schedule it (idempotent on the id).
    /// </summary>
    public static JobRow Stage(PortalDbContext db, JobRequest request, DateTimeOffset at)
    {
        var row = NewRow(request, at);
        db.Jobs.Add(row);
        return row;
    }

    public static JobRow NewRow(JobRequest request, DateTimeOffset at) => new()
    {
        Id = request.Id,
        Kind = request.Kind,
        Parameters = JsonSerializer.Serialize(request.Parameters ?? new { }, Json),
        Requester = request.Requester.Name,
        RequesterUserId = request.Requester.UserId,
        Status = JobStatus.Queued,
        Queue = JobQueues.Name(request.Resource, request.Priority),
        CreatedAt = at,
        UpdatedAt = at,
    };

    public static string FirstLine(string message)
    {
        var line = message.AsSpan();
        var end = line.IndexOfAny('\r', '\n');
        var first = (end >= 0 ? line[..end] : line).ToString();
        return first.Length > 1000 ? first[..1000] + "…" : first;
    }

    public static AuditRecord Audit(Actor actor, string action, JobRow row, object? before) =>
        new(actor, action, "job", row.Id.ToString(), before, new { row.Kind, Status = row.Status.ToString(), row.Attempts });
}
