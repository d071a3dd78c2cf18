using MlOpsPortal.Application.Jobs;

namespace MlOpsPortal.Infrastructure.Jobs;

/// <summary>A row of the jobs table: the portal's own record of a background job (Hangfire holds only its deliveries).</summary>
public sealed class JobRow
{
    /// <summary>Last log lines kept on the row.</summary>
    public const int LogLines = 200;

    public Guid Id { get; set; }

    public string Kind { get; set; } = string.Empty;

    /// <summary>JSON (jsonb).</summary>
    public string Parameters { get; set; } = "{}";

    public string Requester { get; set; } = string.Empty;

    public string? RequesterUserId { get; set; }

    public JobStatus Status { get; set; }

    public double Progress { get; set; }

    public string? Step { get; set; }

    public List<string> Log { get; set; } = [];

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? StartedAt { get; set; }

    public DateTimeOffset? FinishedAt { get; set; }

    /// <summary>Set on every change; the event hub polls by it.</summary>
    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>The node (<c>Jobs:NodeId</c>) that runs the job now, or the one that finished it.</summary>
    public string? Node { get; set; }

    /// <summary>
    /// The running execution's lease: written by its heartbeat. A Running row whose lease is older than
    /// <c>Jobs:LeaseSeconds</c> belongs to a dead node, and the next delivery takes it over.
    /// </summary>
    public DateTimeOffset? HeartbeatAt { get; set; }

    /// <summary>The Hangfire queue the job's deliveries go to (priority and resource, see <see cref="JobQueues"/>).</summary>
    public string Queue { get; set; } = JobQueues.Name(JobQueues.Cpu, "normal");

    /// <summary>The Hangfire background job id of the latest delivery of this job.</summary>
    public string? DispatchId { get; set; }

    public int Attempts { get; set; }

    public bool CancelRequested { get; set; }

    /// <summary>First line of the error.</summary>
    public string? Error { get; set; }

    public string? ErrorDetails { get; set; }

    public string? TraceId { get; set; }

    public string? Result { get; set; }
}
