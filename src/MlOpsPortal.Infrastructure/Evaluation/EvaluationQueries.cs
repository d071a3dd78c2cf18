using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using MlOpsPortal.Infrastructure.Persistence;
using MlOpsPortal.Infrastructure.Registry;

namespace MlOpsPortal.Infrastructure.Evaluation;

/// <summary>One line of the evaluations list: the model version behind the run when it is registered, and the headline metric.</summary>
public sealed record EvaluationListItem(
    Guid Id, string RunId, string? Model, int? ModelVersion, string Dataset, string Task, long Rows, string? HeadlineMetric, double? HeadlineValue, DateTimeOffset CreatedAt);

/// <summary>A page of evaluations and how many match in all.</summary>
public sealed record EvaluationPage(IReadOnlyList<EvaluationListItem> Items, int Total);

/// <summary>The evaluation of the model's champion on the same dataset version, for drawing its curves beside another's.</summary>
public sealed record ChampionEvaluation(string Model, int Version, string Alias, EvaluationDto Evaluation);

/// <summary>Read side of evaluations for the UI: a server-side paged list, and the champion's evaluation on the same data.</summary>
public sealed class EvaluationQueries(IDbContextFactory<PortalDbContext> dbFactory, EvaluationService evaluations)
{
    private static readonly string[] ChampionAliases = ["champion", "production"];
    private static readonly string[] HeadlineMetrics = ["roc_auc", "accuracy", "rmse"];

    /// <summary>Newest first; <paramref name="search"/> matches the dataset, the run id or the model name (case-insensitive).</summary>
    public async Task<EvaluationPage> ListAsync(int skip, int take, string? search, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var query = from e in db.Evaluations.AsNoTracking()
                    join v in db.Set<ModelVersion>().AsNoTracking() on e.RunId equals v.RunId into versions
                    from v in versions.DefaultIfEmpty()
                    join m in db.Set<RegisteredModel>().AsNoTracking() on v.ModelId equals m.Id into models
                    from m in models.DefaultIfEmpty()
                    select new { e, Model = m == null ? null : m.Name, Version = v == null ? (int?)null : v.Version };
        if (!string.IsNullOrWhiteSpace(search))
        {
            var pattern = "%" + search.Trim().Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal) + "%";
            query = query.Where(x => EF.Functions.ILike(x.e.Dataset, pattern) || EF.Functions.ILike(x.e.RunId, pattern) || (x.Model != null && EF.Functions.ILike(x.Model, pattern)));
        }

        var total = await query.CountAsync(cancellationToken);
        var rows = await query.OrderByDescending(x => x.e.CreatedAt).ThenBy(x => x.e.Id).Skip(Math.Max(0, skip)).Take(Math.Clamp(take, 1, 200))
            .Select(x => new { x.e.Id, x.e.RunId, x.Model, x.Version, x.e.Dataset, x.e.Task, x.e.Rows, x.e.Metrics, x.e.CreatedAt })
            .ToListAsync(cancellationToken);
        var items = rows.Select(r =>
        {
            var metrics = JsonSerializer.Deserialize<Dictionary<string, double?>>(r.Metrics, EvaluationJson.Options) ?? [];
            var key = HeadlineMetrics.FirstOrDefault(metrics.ContainsKey);
            return new EvaluationListItem(r.Id, r.RunId, r.Model, r.Version, r.Dataset, r.Task, r.Rows, key, key is null ? null : metrics[key], r.CreatedAt);
        }).ToList();
        return new EvaluationPage(items, total);
    }

    /// <summary>
    /// The newest evaluation, on the same dataset version, of the version that the model's "champion" (else "production")
    /// alias points at; null when the run is not registered, no such alias exists, it points at this run, or it was not evaluated there.
    /// </summary>
    public async Task<ChampionEvaluation?> ChampionOnSameDataAsync(EvaluationDto evaluation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(evaluation);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var modelId = await db.Set<ModelVersion>().AsNoTracking().Where(v => v.RunId == evaluation.RunId).Select(v => (long?)v.ModelId).FirstOrDefaultAsync(cancellationToken);
        if (modelId is null)
        {
            return null;
        }

        var champion = await (from a in db.Set<ModelAlias>().AsNoTracking()
                              join v in db.Set<ModelVersion>().AsNoTracking() on a.VersionId equals v.Id
                              join m in db.Set<RegisteredModel>().AsNoTracking() on v.ModelId equals m.Id
                              where a.ModelId == modelId && ChampionAliases.Contains(a.Alias)
                              orderby a.Alias
                              select new { a.Alias, m.Name, v.Version, v.RunId }).FirstOrDefaultAsync(cancellationToken);
        if (champion?.RunId is null || champion.RunId == evaluation.RunId)
        {
            return null;
        }

        var id = await db.Evaluations.AsNoTracking().Where(e => e.RunId == champion.RunId && e.Dataset == evaluation.Dataset)
            .OrderByDescending(e => e.CreatedAt).Select(e => (Guid?)e.Id).FirstOrDefaultAsync(cancellationToken);
        if (id is null)
        {
            return null;
        }

        var found = await evaluations.GetAsync(id.Value, cancellationToken);
        return found.IsSuccess ? new ChampionEvaluation(champion.Name, champion.Version, champion.Alias, found.Value) : null;
    }
}
