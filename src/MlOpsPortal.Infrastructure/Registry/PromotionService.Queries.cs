using System.Globalization;
using Microsoft.EntityFrameworkCore;
using MlOpsPortal.Application.Exports;
using MlOpsPortal.Domain.Common;
using MlOpsPortal.Domain.Registry;
using MlOpsPortal.Infrastructure.Persistence;

namespace MlOpsPortal.Infrastructure.Registry;

/// <summary>Read side: request detail, lists, the approver inbox, and the per-model history timeline (+ CSV).</summary>
public sealed partial class PromotionService
{
    public async Task<Result<PromotionRequestInfo>> GetRequestAsync(Guid id, string? viewerUserId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var list = await ToInfosAsync(db, db.Set<PromotionRequest>().AsNoTracking().Where(r => r.Id == id), viewerUserId, cancellationToken);
        if (list.Count == 0)
        {
            return Error.NotFound($"Promotion request {id} not found.");
        }

        // An open request shows the gates against today's evidence (an evaluation or report finished since it was
        // filed); a decided one keeps the gates as they were when it was decided.
        var info = list[0];
        if (info.State != PromotionRequestState.Open)
        {
            return info;
        }

        var model = await db.Set<RegisteredModel>().AsNoTracking().SingleAsync(m => m.Name == info.Model, cancellationToken);
        var version = await db.Set<ModelVersion>().AsNoTracking().SingleOrDefaultAsync(v => v.ModelId == model.Id && v.Version == info.Version, cancellationToken);
        return version is null ? info : info with { Gates = (await EvaluateGatesAsync(db, model, version, info.Alias, cancellationToken)).ToList() };
    }

    public async Task<IReadOnlyList<PromotionRequestInfo>> ListRequestsAsync(string? model, PromotionRequestState? state, string? viewerUserId, int take, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var rows = db.Set<PromotionRequest>().AsNoTracking();
        if (model is not null)
        {
            rows = rows.Where(r => db.Set<RegisteredModel>().Any(m => m.Id == r.ModelId && m.Name == model));
        }

        if (state is { } s)
        {
            rows = rows.Where(r => r.State == s);
        }

        return await ToInfosAsync(db, rows.OrderByDescending(r => r.CreatedAt).Take(Math.Clamp(take, 1, 500)), viewerUserId, cancellationToken);
    }

    /// <summary>Open, unexpired requests this user may decide (not theirs, not their version unless allowed, not yet approved by them).</summary>
    public async Task<IReadOnlyList<PromotionRequestInfo>> InboxAsync(string userId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await ToInfosAsync(db, Inbox(db, userId).OrderBy(r => r.ExpiresAt).Take(200), userId, cancellationToken);
    }

    public async Task<int> InboxCountAsync(string userId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await Inbox(db, userId).CountAsync(cancellationToken);
    }

    public async Task<Result<IReadOnlyList<HistoryItem>>> HistoryAsync(string name, long? beforeId, int take, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var model = await db.Set<RegisteredModel>().AsNoTracking().SingleOrDefaultAsync(m => m.Name == name, cancellationToken);
        if (model is null)
        {
            return RegistryService.ModelNotFound(name);
        }

        var rows = db.Set<RegistryHistoryEntry>().AsNoTracking().Where(h => h.ModelId == model.Id);
        if (beforeId is { } b)
        {
            rows = rows.Where(h => h.Id < b);
        }

        return await rows.OrderByDescending(h => h.Id).Take(Math.Clamp(take, 1, 1000))
            .Select(h => new HistoryItem(h.Id, h.At, h.Actor, h.Kind, h.Version, h.Alias, h.FromVersion, h.ToVersion, h.RequestId, h.Detail))
            .ToListAsync(cancellationToken);
    }

    /// <summary>Streams the whole history of a model as CSV (RFC 4180), newest first, in keyset pages.</summary>
    public async Task<Result<bool>> WriteHistoryCsvAsync(string name, TextWriter writer, CancellationToken cancellationToken)
    {
        long? before = null;
        await writer.WriteLineAsync("id,at,actor,kind,version,alias,from_version,to_version,request_id,detail".AsMemory(), cancellationToken);
        while (true)
        {
            var page = await HistoryAsync(name, before, 1000, cancellationToken);
            if (!page.IsSuccess)
            {
                return page.Error;
            }

            foreach (var h in page.Value)
            {
                string[] fields =
                [
                    h.Id.ToString(CultureInfo.InvariantCulture), h.At.ToString("O", CultureInfo.InvariantCulture), h.Actor, h.Kind,
                    h.Version?.ToString(CultureInfo.InvariantCulture) ?? string.Empty, h.Alias ?? string.Empty,
                    h.FromVersion?.ToString(CultureInfo.InvariantCulture) ?? string.Empty, h.ToVersion?.ToString(CultureInfo.InvariantCulture) ?? string.Empty,
                    h.RequestId?.ToString() ?? string.Empty, h.Detail,
                ];
                await writer.WriteLineAsync(string.Join(',', fields.Select(Quote)).AsMemory(), cancellationToken);
            }

            if (page.Value.Count < 1000)
            {
                return true;
            }

            before = page.Value[^1].Id;
        }
    }

    private IQueryable<PromotionRequest> Inbox(PortalDbContext db, string userId)
    {
        var now = time.GetUtcNow();
        return db.Set<PromotionRequest>().AsNoTracking().Where(r =>
            r.State == PromotionRequestState.Open && r.ExpiresAt > now && r.RequestedByUserId != userId
            && (r.CreatorMayApprove || r.VersionCreatorUserId == null || r.VersionCreatorUserId != userId)
            && !db.Set<PromotionDecision>().Any(d => d.RequestId == r.Id && d.UserId == userId));
    }

    private async Task<List<PromotionRequestInfo>> ToInfosAsync(PortalDbContext db, IQueryable<PromotionRequest> query, string? viewerUserId, CancellationToken cancellationToken)
    {
        var rows = await query.Join(db.Set<RegisteredModel>(), r => r.ModelId, m => m.Id, (r, m) => new { r, m.Name }).ToListAsync(cancellationToken);
        var ids = rows.Select(x => x.r.Id).ToList();
        var decisions = await db.Set<PromotionDecision>().AsNoTracking().Where(d => ids.Contains(d.RequestId)).OrderBy(d => d.At).ToListAsync(cancellationToken);
        var now = time.GetUtcNow();
        return rows.Select(x =>
        {
            var mine = decisions.Where(d => d.RequestId == x.r.Id).ToList();
            var approvers = mine.Where(d => d.Kind == "approve").Select(d => d.UserId);
            var machine = new PromotionRequestMachine(x.r.State, x.r.ExpiresAt, x.r.RequestedByUserId, x.r.VersionCreatorUserId, x.r.RequiredApprovals, x.r.CreatorMayApprove, approvers);
            return new PromotionRequestInfo(x.r.Id, x.Name, x.r.Version, x.r.Alias, x.r.State, x.r.Justification, x.r.RequestedBy, x.r.CreatedAt, x.r.ExpiresAt,
                x.r.DecidedAt, x.r.PreviousVersion, x.r.RequiredApprovals, machine.Approvers.Count, x.r.Gates,
                mine.Select(d => new DecisionInfo(d.UserName, d.Kind, d.Comment, d.At)).ToList(),
                viewerUserId is not null && machine.CanDecide(viewerUserId, now));
        }).ToList();
    }

    // Quoted for CSV and neutralized for spreadsheets (a name or comment starting with '=' must not run as a formula).
    private static string Quote(string value) => SpreadsheetSafe.Field(value);
}
