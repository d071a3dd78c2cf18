using MlOpsPortal.Domain.Common;
using MlOpsPortal.Infrastructure.Monitoring;
using MlOpsPortal.Infrastructure.Training;

namespace MlOpsPortal.Web.Components.Pages.Monitoring;

/// <summary>
/// What "Run now" will compare, from the service's plan without a chosen dataset: the window of traffic (or the most recent
/// one with traffic), or — for a monitor whose alias was never called — nothing until the user picks a dataset version.
/// </summary>
public sealed class RunNowModel
{
    private readonly string? _explanation;
    private readonly bool _planned;

    /// <summary>Not known yet (loading).</summary>
    public RunNowModel()
    {
    }

    public RunNowModel(Result<MonitorRunPlan> plan)
    {
        if (plan.IsSuccess)
        {
            _explanation = plan.Value.Explanation;
            _planned = true;
        }
        else
        {
            NeedsDataset = plan.Error?.Code == ErrorCode.InvalidArgument;
            _explanation = plan.Error?.Message;
        }
    }

    /// <summary>No window of traffic exists: only a chosen dataset version can be compared.</summary>
    public bool NeedsDataset { get; }

    public bool CanRun(DatasetRef? current) => current is not null ? _planned || NeedsDataset : _planned;

    public string Text(DatasetRef? current) => current is not null
        ? $"Will compare the reference with the chosen dataset version {current}."
        : _explanation is null ? "Loading…" : NeedsDataset ? _explanation : _explanation.Replace("Compared with", "Will compare the reference with", StringComparison.Ordinal).Replace(": compared with", ": will compare with", StringComparison.Ordinal) + " Or choose a dataset version instead.";
}
