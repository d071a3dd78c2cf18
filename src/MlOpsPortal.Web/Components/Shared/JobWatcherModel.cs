using System.Globalization;
using MlOpsPortal.Application.Jobs;

namespace MlOpsPortal.Web.Components.Shared;

/// <summary>What <see cref="JobWatcher"/> decides, kept apart from rendering so that it is tested directly.</summary>
public static class JobWatcherModel
{
    public static bool IsActive(JobStatus status) => status is JobStatus.Queued or JobStatus.Running;

    /// <summary>Events can arrive out of order (a poll and a push): keep the latest by update time.</summary>
    public static bool IsNewer(JobDto candidate, JobDto? current) =>
        current is null || candidate.UpdatedAt >= current.UpdatedAt;

    /// <summary>One line for the user: "Running · 42% · boosting round 84/200", "Queued", "Failed: reason".</summary>
    public static string Describe(JobDto job) => job.Status switch
    {
        JobStatus.Queued => job.CancelRequested ? "Queued · cancelling" : "Queued, waiting for a worker",
        JobStatus.Running => string.Join(" · ", new[]
        {
            job.CancelRequested ? "Cancelling" : "Running",
            job.Progress > 0 ? (job.Progress * 100).ToString("0", CultureInfo.InvariantCulture) + "%" : null,
            string.IsNullOrWhiteSpace(job.Step) ? null : job.Step,
        }.Where(s => s is not null)),
        JobStatus.Failed => "Failed: " + (job.Error ?? "no reason was recorded"),
        _ => job.Status.ToString(),
    };
}
