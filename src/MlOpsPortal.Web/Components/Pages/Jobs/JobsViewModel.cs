using MlOpsPortal.Application.Audit;
using MlOpsPortal.Application.Jobs;
using MlOpsPortal.Domain.Common;

namespace MlOpsPortal.Web.Components.Pages.Jobs;

/// <summary>
/// State of the jobs page: filter, sort, one page of jobs, and pushed updates (<see cref="Apply"/>) that replace a job
/// in place so progress bars and log tails move without any polling in the page.
/// </summary>
public sealed class JobsViewModel(IJobQueries queries, IJobScheduler scheduler)
{
    public const int PageSize = 50;

    public static readonly IReadOnlyList<string> SortChoices = ["CreatedAt", "Kind", "Status", "Progress", "StartedAt", "FinishedAt"];

    public JobStatus? Status { get; set; }

    public string? Kind { get; set; }

    public string Sort { get; set; } = "CreatedAt";

    public bool Descending { get; set; } = true;

    public int Skip { get; set; }

    public IReadOnlyList<JobDto> Jobs { get; private set; } = [];

    public int Total { get; private set; }

    public Error? Error { get; private set; }

    public Guid? Expanded { get; set; }

    /// <summary>The open job when it is not on this page (a link from elsewhere: <c>/jobs?job=ID</c>).</summary>
    private JobDto? _expandedElsewhere;

    /// <summary>The address that opens job <paramref name="id"/>'s detail panel: what every job link in the portal points at.</summary>
    public static string Link(Guid id) => "/jobs?job=" + id;

    /// <summary><see cref="Link(Guid)"/> for an id kept as text (a tag); text that is not a job id opens the list.</summary>
    public static string Link(string id) => Guid.TryParse(id, out var job) ? Link(job) : "/jobs";

    public async Task LoadAsync(CancellationToken cancellationToken)
    {
        var page = await queries.ListAsync(new JobListQuery(Status, string.IsNullOrWhiteSpace(Kind) ? null : Kind.Trim(), Sort, Descending, Skip, PageSize), cancellationToken);
        (Jobs, Total) = (page.Items, page.Total);
        _expandedElsewhere = Expanded is { } id && !Jobs.Any(j => j.Id == id) ? await queries.GetAsync(id, cancellationToken) : null;
    }

    /// <summary>Applies a pushed change. Returns <see cref="Change.Updated"/> for a job on this page, <see cref="Change.NewJob"/> for a new job that belongs on it.</summary>
    public Change Apply(JobDto job)
    {
        ArgumentNullException.ThrowIfNull(job);
        if (_expandedElsewhere?.Id == job.Id && _expandedElsewhere.UpdatedAt <= job.UpdatedAt)
        {
            _expandedElsewhere = job;
            return Change.Updated;
        }

        var index = Jobs.ToList().FindIndex(j => j.Id == job.Id);
        if (index >= 0)
        {
            if (Jobs[index].UpdatedAt > job.UpdatedAt)
            {
                return Change.None;
            }

            var copy = Jobs.ToArray();
            copy[index] = job;
            Jobs = copy;
            return Change.Updated;
        }

        var matches = (Status is null || Status == job.Status) && (string.IsNullOrWhiteSpace(Kind) || Kind.Trim() == job.Kind);
        return matches && Skip == 0 && Sort == "CreatedAt" && Descending ? Change.NewJob : Change.None;
    }

    public async Task<Error?> CancelAsync(Guid id, Actor actor, CancellationToken cancellationToken)
    {
        var result = await scheduler.CancelAsync(id, actor, cancellationToken);
        Error = result.Error;
        if (result.IsSuccess)
        {
            Apply(result.Value);
        }

        return Error;
    }

    public async Task<Error?> RetryAsync(Guid id, Actor actor, CancellationToken cancellationToken)
    {
        var result = await scheduler.RetryAsync(id, actor, cancellationToken);
        Error = result.Error;
        if (result.IsSuccess)
        {
            Apply(result.Value);
        }

        return Error;
    }

    /// <summary>Reads filter, sort and page from the address (<c>/jobs?status=Failed&amp;kind=training&amp;sort=Kind&amp;desc=0&amp;page=2</c>).</summary>
    public void ReadQuery(string? query)
    {
        var q = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(query);
        string? Get(string key) => q.TryGetValue(key, out var v) ? v.ToString() : null;
        Status = Enum.TryParse<JobStatus>(Get("status"), ignoreCase: true, out var status) && Enum.IsDefined(status) ? status : null;
        Kind = string.IsNullOrWhiteSpace(Get("kind")) ? null : Get("kind")!.Trim();
        Sort = Get("sort") is { } sort && SortChoices.Contains(sort, StringComparer.Ordinal) ? sort : "CreatedAt";
        Descending = Get("desc") != "0";
        Skip = int.TryParse(Get("page"), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var page) && page > 1
            ? (page - 1) * PageSize
            : 0;
        Expanded = Guid.TryParse(Get("job"), out var id) ? id : null;
    }

    /// <summary>The address of the current filter, sort, page and open job (defaults left out).</summary>
    public string ToUri()
    {
        var parts = new List<string>();
        if (Status is { } status)
        {
            parts.Add("status=" + status);
        }

        if (!string.IsNullOrWhiteSpace(Kind))
        {
            parts.Add("kind=" + Uri.EscapeDataString(Kind.Trim()));
        }

        if (Sort != "CreatedAt")
        {
            parts.Add("sort=" + Sort);
        }

        if (!Descending)
        {
            parts.Add("desc=0");
        }

        if (Skip >= PageSize)
        {
            parts.Add("page=" + ((Skip / PageSize) + 1).ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        if (Expanded is { } open)
        {
            parts.Add("job=" + open);
        }

        return parts.Count == 0 ? "/jobs" : "/jobs?" + string.Join('&', parts);
    }

    /// <summary>The form that starts a copy of this job, pre-filled from its parameters; null for kinds that cannot be cloned.</summary>
    public static string? CloneHref(JobDto job)
    {
        ArgumentNullException.ThrowIfNull(job);
        return job.Kind switch
        {
            "training" => $"/training/new?cloneJob={job.Id}",
            "hpo" => $"/training/hpo?cloneJob={job.Id}",
            _ => null,
        };
    }

    /// <summary>The open job (the detail panel): on this page, or loaded by id when a link opened it.</summary>
    public JobDto? Selected => Expanded is { } id ? Jobs.FirstOrDefault(j => j.Id == id) ?? (_expandedElsewhere?.Id == id ? _expandedElsewhere : null) : null;

    public static bool CanCancel(JobDto job) => job is { Status: JobStatus.Queued or JobStatus.Running, CancelRequested: false };

    public static bool CanRetry(JobDto job) => job.Status is JobStatus.Failed or JobStatus.Cancelled;

    public enum Change
    {
        None,
        Updated,
        NewJob,
    }
}
