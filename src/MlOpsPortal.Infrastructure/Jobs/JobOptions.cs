namespace MlOpsPortal.Infrastructure.Jobs;

/// <summary>Configuration section <c>Jobs</c> (the Hangfire server settings are read once in <see cref="JobNodeSettings"/>).</summary>
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

    /// <summary>A Queued row unchanged for longer than this (default 120 s) and without a pending Hangfire delivery is dispatched again.</summary>
    public int StaleQueuedSeconds { get; set; } = 120;

    /// <summary>
    /// A Running job whose heartbeat is older than this (default 15 s) belongs to a dead node: the next delivery of the job
    /// (Hangfire's redelivery after its invisibility timeout, or the sweep) takes it over as a new attempt.
    /// </summary>
    public int LeaseSeconds { get; set; } = 15;
}
