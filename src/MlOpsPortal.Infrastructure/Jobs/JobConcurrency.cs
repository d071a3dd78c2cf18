using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using MlOpsPortal.Application.Audit;
using MlOpsPortal.Domain.Common;
using MlOpsPortal.Infrastructure.Audit;
using MlOpsPortal.Infrastructure.Persistence;

namespace MlOpsPortal.Infrastructure.Jobs;

/// <summary>A job kind's per-node concurrency limit as the Admin API shows it; null = unlimited (the worker threads bound it).</summary>
public sealed record JobKindLimitDto(string Kind, int? MaxPerNode, bool IsDefault, string? UpdatedBy, DateTimeOffset? UpdatedAt);

/// <summary>Body of <c>PUT /api/v1/admin/job-limits/{kind}</c>: a limit of 1..64, or null to remove the limit.</summary>
public sealed record JobKindLimitRequest(int? MaxPerNode);

/// <summary>The per-user limit on running jobs (all nodes together) as the Admin API shows it; null = no limit.</summary>
public sealed record JobQuotaDto(int? MaxRunningPerUser, string? UpdatedBy, DateTimeOffset? UpdatedAt);

/// <summary>Body of <c>PUT /api/v1/admin/job-quotas</c>: 1..1000 running jobs per user, or null for no limit.</summary>
public sealed record JobQuotaRequest(int? MaxRunningPerUser);

/// <summary>A job kind with a handler on this node (one per <c>AddJobHandler</c>); limits are accepted only for these.</summary>
public sealed record RegisteredJobKind(string Kind);

/// <summary>
/// Per-kind concurrency on each node. Limits live in <c>job_kind_limits</c> (Admin-set, audited); without a row the
/// default applies: one <c>training</c> job per node (XGBoost uses every core), other kinds unlimited. Each node
/// enforces the limits for itself with an in-process slot count (read from the database at most every 5 s); a job
/// that finds no free slot is not started: it stays Queued and gets a new trigger a moment later, which any node may
/// pick up.
/// </summary>
public sealed class JobConcurrency(IDbContextFactory<PortalDbContext> dbFactory, TimeProvider time, IEnumerable<RegisteredJobKind> registeredKinds)
{
    public const int MaxLimit = 64;

    public const int MaxPerUser = 1000;

    /// <summary>The row of <c>job_kind_limits</c> that holds the per-user quota (no job kind starts with '*').</summary>
    internal const string PerUserKey = "*per-user";

    public static readonly IReadOnlyDictionary<string, int> Defaults = new Dictionary<string, int>(StringComparer.Ordinal) { ["training"] = 1 };

    private static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(5);
    private readonly ConcurrentDictionary<string, int> _running = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private Dictionary<string, int?>? _limits;
    private DateTimeOffset _readAt;

    /// <summary>Every kind with a limit row, a default, or a job in the table.</summary>
    public async Task<IReadOnlyList<JobKindLimitDto>> ListAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var knownKinds = await db.Jobs.AsNoTracking().Select(j => j.Kind).Distinct().ToListAsync(cancellationToken);
        var rows = await db.JobKindLimits.AsNoTracking().Where(r => r.Kind != PerUserKey).ToDictionaryAsync(r => r.Kind, StringComparer.Ordinal, cancellationToken);
        return knownKinds.Concat(rows.Keys).Concat(Defaults.Keys).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)
            .Select(k => rows.TryGetValue(k, out var r)
                ? new JobKindLimitDto(k, r.MaxPerNode > 0 ? r.MaxPerNode : null, false, r.UpdatedBy, r.UpdatedAt)
                : new JobKindLimitDto(k, Defaults.TryGetValue(k, out var d) ? d : null, true, null, null))
            .ToList();
    }

    public async Task<Result<JobKindLimitDto>> SetAsync(string kind, JobKindLimitRequest request, Actor actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(actor);
        if (string.IsNullOrWhiteSpace(kind) || kind.Length > 64)
        {
            return Error.Invalid("The job kind must be 1..64 characters.");
        }

        var kinds = registeredKinds.Select(k => k.Kind).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        if (!kinds.Contains(kind, StringComparer.Ordinal))
        {
            return Error.Invalid($"Unknown job kind '{kind}'. Job kinds: {string.Join(", ", kinds)}.");
        }

        if (request.MaxPerNode is { } max && (max < 1 || max > MaxLimit))
        {
            return Error.Invalid($"'maxPerNode' must be between 1 and {MaxLimit}, or null for no limit.");
        }

        var now = time.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var row = await db.JobKindLimits.FirstOrDefaultAsync(r => r.Kind == kind, cancellationToken);
        int? before = row is null ? (Defaults.TryGetValue(kind, out var d) ? d : null) : row.MaxPerNode > 0 ? row.MaxPerNode : null;
        if (row is null)
        {
            row = new JobKindLimitRow { Kind = kind };
            db.JobKindLimits.Add(row);
        }

        // 0 stores "no limit" explicitly, so a kind with a default (training) can be made unlimited.
        row.MaxPerNode = request.MaxPerNode ?? 0;
        row.UpdatedBy = actor.Name;
        row.UpdatedAt = now;
        AuditLog.Stage(db, new AuditRecord(actor, "job.limit_set", "job-kind", kind, new { MaxPerNode = before }, new { request.MaxPerNode }), now);
        await db.SaveChangesAsync(cancellationToken);
        lock (_gate)
        {
            _limits = null;
        }

        return new JobKindLimitDto(kind, request.MaxPerNode, false, actor.Name, now);
    }

    public async Task<JobQuotaDto> GetQuotaAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var row = await db.JobKindLimits.AsNoTracking().FirstOrDefaultAsync(r => r.Kind == PerUserKey, cancellationToken);
        return new JobQuotaDto(row?.MaxPerNode > 0 ? row.MaxPerNode : null, row?.UpdatedBy, row?.UpdatedAt);
    }

    /// <summary>Sets how many jobs one user may have running at once, over all nodes (audited as <c>job.quota_set</c>).</summary>
    public async Task<Result<JobQuotaDto>> SetQuotaAsync(JobQuotaRequest request, Actor actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(actor);
        if (request.MaxRunningPerUser is { } max && (max < 1 || max > MaxPerUser))
        {
            return Error.Invalid($"'maxRunningPerUser' must be between 1 and {MaxPerUser}, or null for no limit.");
        }

        var now = time.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var row = await db.JobKindLimits.FirstOrDefaultAsync(r => r.Kind == PerUserKey, cancellationToken);
        int? before = row?.MaxPerNode > 0 ? row.MaxPerNode : null;
        if (row is null)
        {
            row = new JobKindLimitRow { Kind = PerUserKey };
            db.JobKindLimits.Add(row);
        }

        row.MaxPerNode = request.MaxRunningPerUser ?? 0;
        row.UpdatedBy = actor.Name;
        row.UpdatedAt = now;
        AuditLog.Stage(db, new AuditRecord(actor, "job.quota_set", "job-quota", "per-user", new { MaxRunningPerUser = before }, new { request.MaxRunningPerUser }), now);
        await db.SaveChangesAsync(cancellationToken);
        lock (_gate)
        {
            _limits = null;
        }

        return new JobQuotaDto(request.MaxRunningPerUser, actor.Name, now);
    }

    /// <summary>The per-user quota as this node enforces it (cached like the kind limits).</summary>
    internal Task<int?> UserQuotaAsync(CancellationToken cancellationToken) => LimitAsync(PerUserKey, cancellationToken);

    /// <summary>Takes a slot of <paramref name="kind"/> on this node; null when the kind is at its limit here.</summary>
    internal async Task<IDisposable?> TryAcquireAsync(string kind, CancellationToken cancellationToken)
    {
        var limit = await LimitAsync(kind, cancellationToken);
        lock (_gate)
        {
            var current = _running.GetValueOrDefault(kind);
            if (limit is { } max && current >= max)
            {
                return null;
            }

            _running[kind] = current + 1;
        }

        return new Slot(this, kind);
    }

    private async Task<int?> LimitAsync(string kind, CancellationToken cancellationToken)
    {
        Dictionary<string, int?>? limits;
        lock (_gate)
        {
            limits = _limits is not null && time.GetUtcNow() - _readAt < CacheFor ? _limits : null;
        }

        if (limits is null)
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            limits = await db.JobKindLimits.AsNoTracking().ToDictionaryAsync(r => r.Kind, r => r.MaxPerNode > 0 ? r.MaxPerNode : (int?)null, StringComparer.Ordinal, cancellationToken);
            lock (_gate)
            {
                (_limits, _readAt) = (limits, time.GetUtcNow());
            }
        }

        return limits.TryGetValue(kind, out var set) ? set : Defaults.TryGetValue(kind, out var d) ? d : null;
    }

    private void Release(string kind)
    {
        lock (_gate)
        {
            _running[kind] = Math.Max(0, _running.GetValueOrDefault(kind) - 1);
        }
    }

    private sealed class Slot(JobConcurrency owner, string kind) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                owner.Release(kind);
            }
        }
    }
}
