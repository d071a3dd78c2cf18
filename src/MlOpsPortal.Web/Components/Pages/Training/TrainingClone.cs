using System.Text.Json;
using MlOpsPortal.Application.Jobs;
using MlOpsPortal.Infrastructure.Tracking;
using MlOpsPortal.Infrastructure.Training;

namespace MlOpsPortal.Web.Components.Pages.Training;

/// <summary>
/// "Clone": the request behind an earlier job (<c>?cloneJob=</c>) or run (<c>?cloneRun=</c>), read from the job's
/// parameters (<see cref="JobDto.Parameters"/>), to pre-fill a training or search form.
/// </summary>
public static class TrainingClone
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>The training request of a training job, or the base training request of a search job.</summary>
    public static TrainingJobRequest? TrainingRequest(JobDto job)
    {
        ArgumentNullException.ThrowIfNull(job);
        if (job.Parameters is not { ValueKind: JsonValueKind.Object } parameters)
        {
            return null;
        }

        try
        {
            return job.Kind == HpoService.Kind
                ? parameters.Deserialize<HpoJobParameters>(Json)?.Training
                : parameters.TryGetProperty("request", out _) ? parameters.Deserialize<TrainingJobParameters>(Json)?.Request : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The search's parameters of a search job; null for any other job.</summary>
    public static HpoJobParameters? Search(JobDto job)
    {
        ArgumentNullException.ThrowIfNull(job);
        if (job.Kind != HpoService.Kind || job.Parameters is not { ValueKind: JsonValueKind.Object } parameters)
        {
            return null;
        }

        try
        {
            return parameters.Deserialize<HpoJobParameters>(Json);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The portal job that trained a run (its <c>mlops.job_id</c> tag), when it was trained here.</summary>
    public static Guid? JobOf(RunDto run) =>
        run?.Tags.FirstOrDefault(t => t.Key == TrainingRunLog.JobIdTag)?.Value is { } id && Guid.TryParse(id, out var g) ? g : null;

    /// <summary>Loads the request to clone; the message says why there is none in the user's words.</summary>
    public static async Task<(JobDto? Job, string? Error)> LoadJobAsync(IJobQueries jobs, RunService runs, Guid? cloneJob, string? cloneRun, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(jobs);
        ArgumentNullException.ThrowIfNull(runs);
        var jobId = cloneJob;
        if (jobId is null && !string.IsNullOrWhiteSpace(cloneRun))
        {
            var run = await runs.GetAsync(cloneRun, cancellationToken);
            if (!run.IsSuccess)
            {
                return (null, $"Run {cloneRun} was not found, so there is nothing to clone.");
            }

            jobId = JobOf(run.Value);
            if (jobId is null)
            {
                return (null, $"Run {run.Value.Info.RunName} was logged by an MLflow client, not trained here, so there is no training request to clone.");
            }
        }

        if (jobId is not { } id)
        {
            return (null, null);
        }

        return await jobs.GetAsync(id, cancellationToken) is { } job ? (job, null) : (null, $"Job {id} was not found, so there is nothing to clone.");
    }
}
