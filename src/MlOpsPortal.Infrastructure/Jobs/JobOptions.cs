namespace MlOpsPortal.Infrastructure.Jobs;

/// <summary>Configuration section <c>Jobs</c> (the Quartz settings are read in <see cref="JobScheduling"/>).</summary>
public sealed class JobOptions
{
    /// <summary>
    /// How often a running job writes its progress and log to its row and reads its cancel flag (default 1000 ms):
    /// a cancel requested on another node stops the job within about this interval.
    /// </summary>
    public int HeartbeatMilliseconds { get; set; } = 1000;

    /// <summary>
    /// How often the event hub polls the jobs table for changes made by other nodes while any page is subscribed
    /// (default 2000 ms; changes made on this node are pushed at once).
    /// </summary>
    public int EventPollMilliseconds { get; set; } = 2000;

    /// <summary>How often each node runs the stale-Queued sweep (default 60 s; see <see cref="StaleQueuedSweep"/>).</summary>
    public int SweepIntervalSeconds { get; set; } = 60;

    /// <summary>A Queued row unchanged for longer than this (default 120 s) and without a Quartz trigger is scheduled again.</summary>
    public int StaleQueuedSeconds { get; set; } = 120;
}
