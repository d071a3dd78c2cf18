using System.Text.Json;
using MlOpsPortal.Application.Audit;

namespace MlOpsPortal.Application.Jobs;

/// <summary>
/// A request to run background work. <paramref name="Id"/> makes enqueueing idempotent: enqueueing the same id twice
/// yields one job. <paramref name="Parameters"/> is serialised to JSON and handed to the job's handler.
/// <paramref name="Priority"/> orders waiting jobs (scheduled retraining is low, interactive work normal);
/// <paramref name="Resource"/> is what the node must offer (<c>cpu</c>, or <c>gpu</c> for work that needs one).
/// </summary>
public sealed record JobRequest(Guid Id, string Kind, object? Parameters, Actor Requester, JobPriority Priority = JobPriority.Normal, string Resource = "cpu");

/// <summary>A job's priority: a high-priority job starts before earlier normal and low ones waiting on the same resource.</summary>
public enum JobPriority
{
    High,
    Normal,
    Low,
}

/// <summary>What the API and the pages show of a job; <paramref name="RunId"/> is the tracking run of jobs that log to one (the <c>runId</c> of their parameters).</summary>
public sealed record JobDto(
    Guid Id,
    string Kind,
    JobStatus Status,
    double Progress,
    string? Step,
    string Requester,
    DateTimeOffset CreatedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt,
    DateTimeOffset UpdatedAt,
    string? Node,
    int Attempts,
    bool CancelRequested,
    string? Error,
    string? ErrorDetails,
    string? TraceId,
    JsonElement? Parameters,
    IReadOnlyList<string> Log,
    string? RunId = null);

/// <summary>Filter and page of the job list; newest first unless <see cref="Sort"/> says otherwise.</summary>
public sealed record JobListQuery(
    JobStatus? Status = null,
    string? Kind = null,
    string? Sort = null,
    bool Descending = true,
    int Skip = 0,
    int Take = 50);

public sealed record JobPage(IReadOnlyList<JobDto> Items, int Total);

/// <summary>Port to schedule background work on the clustered job store and to steer it.</summary>
public interface IJobScheduler
{
    /// <summary>
    /// Writes the job row (if absent) and schedules it; idempotent on <see cref="JobRequest.Id"/>: a second call for the
    /// same id returns the existing job and schedules nothing more (unless the first call died before scheduling).
    /// </summary>
    Task<JobDto> EnqueueAsync(JobRequest request, CancellationToken cancellationToken);

    /// <summary>Queued → Cancelled at once; Running → cancel requested (the job stops cooperatively within about a second).</summary>
    Task<Domain.Common.Result<JobDto>> CancelAsync(Guid id, Actor actor, CancellationToken cancellationToken);

    /// <summary>Failed or Cancelled → Queued again, with a new attempt.</summary>
    Task<Domain.Common.Result<JobDto>> RetryAsync(Guid id, Actor actor, CancellationToken cancellationToken);
}

/// <summary>Read side of jobs.</summary>
public interface IJobQueries
{
    Task<JobDto?> GetAsync(Guid id, CancellationToken cancellationToken);

    Task<JobPage> ListAsync(JobListQuery query, CancellationToken cancellationToken);
}

/// <summary>
/// In-process notification hub: pages subscribe and receive every change of a job (progress, step, log, status) pushed
/// from the node that runs it or, for jobs on other nodes, from a central poll of the jobs table.
/// </summary>
public interface IJobEvents
{
    /// <summary>Subscribes; dispose the returned handle to unsubscribe (pages do so in Dispose).</summary>
    IDisposable Subscribe(Func<JobDto, Task> onChanged);
}
