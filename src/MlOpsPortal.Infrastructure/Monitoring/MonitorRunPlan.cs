using System.Globalization;
using MlOpsPortal.Domain.Common;
using MlOpsPortal.Infrastructure.Training;

namespace MlOpsPortal.Infrastructure.Monitoring;

/// <summary>Body of <c>POST /api/v1/monitors/{name}/run</c> (optional): compare the reference against this dataset version instead of logged traffic.</summary>
public sealed record MonitorRunRequest(DatasetRef? Current = null);

/// <summary>What a monitor's run compares: the current data and, in words, why it was chosen.</summary>
public sealed record MonitorRunPlan(DriftSource Current, string Explanation);

/// <summary>
/// Chooses the current data of a monitor run: a chosen dataset version; else the monitor's window of logged predictions when
/// it has traffic; else the most recent window that has traffic (the window ending at the latest logged prediction). A
/// monitor whose alias has never been called has no window at all: the user must choose a dataset version.
/// </summary>
public static class MonitorRunPlanner
{
    public static Result<MonitorRunPlan> Choose(
        string target, int windowHours, int? windowRows, DatasetRef? chosen, DateTimeOffset? latestLogged, DateTimeOffset now)
    {
        ArgumentException.ThrowIfNullOrEmpty(target);
        if (chosen is not null)
        {
            return new MonitorRunPlan(new DriftSource(chosen), $"Compared with the chosen dataset version {chosen}.");
        }

        if (latestLogged is not { } latest)
        {
            return new Error(ErrorCode.InvalidArgument,
                $"No predictions of {target} have been logged yet, so there is no window of traffic to compare; choose a dataset version to compare the reference with.",
                new Dictionary<string, string[]> { ["current"] = ["Choose a dataset version: the model has no logged predictions yet."] });
        }

        var rows = windowRows is { } r ? string.Create(CultureInfo.InvariantCulture, $", at most {r:N0} rows") : string.Empty;
        if (latest >= now.AddHours(-windowHours))
        {
            return new MonitorRunPlan(new DriftSource(LastHours: windowHours, LastRows: windowRows),
                string.Create(CultureInfo.InvariantCulture, $"Compared with the predictions of {target} logged in the last {windowHours} h{rows}."));
        }

        // Nothing after the latest prediction: reaching back to (latest − window) from now covers exactly the most recent window with traffic.
        var hours = (int)Math.Ceiling((now - latest).TotalHours) + windowHours;
        var ending = latest.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
        return new MonitorRunPlan(new DriftSource(LastHours: hours, LastRows: windowRows),
            string.Create(CultureInfo.InvariantCulture,
                $"No predictions of {target} in the last {windowHours} h: compared with the most recent {windowHours} h that have traffic (ending {ending} UTC){rows}."));
    }
}
