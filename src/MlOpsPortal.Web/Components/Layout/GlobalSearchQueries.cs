using Microsoft.EntityFrameworkCore;
using MlOpsPortal.Infrastructure.Persistence;
using MlOpsPortal.Infrastructure.Registry;
using MlOpsPortal.Web.Components.Pickers;
using MudBlazor;

namespace MlOpsPortal.Web.Components.Layout;

/// <summary>One thing the header's search found: what it is, its name, a detail line and where it lives.</summary>
public sealed record SearchHit(string Kind, string Title, string Detail, string Href, string Icon);

/// <summary>
/// The header's search across datasets, experiments, runs, models and promotion requests: a few of each kind,
/// best first, each query bounded (the pickers' queries where they exist).
/// </summary>
public sealed class GlobalSearchQueries(IDbContextFactory<PortalDbContext> dbFactory, IPickerQueries pickers, RegistryService registry, PromotionService promotions)
{
    public const int PerKind = 4;

    /// <summary>Shortest text searched: one letter would match nearly everything.</summary>
    public const int MinLength = 2;

    public async Task<IReadOnlyList<SearchHit>> SearchAsync(string? text, string userId, CancellationToken cancellationToken)
    {
        var query = text?.Trim();
        if (query is null || query.Length < MinLength)
        {
            return [];
        }

        var hits = new List<SearchHit>();
        var datasets = await pickers.SearchDatasetVersionsAsync(query, cancellationToken);
        hits.AddRange(datasets.GroupBy(d => d.Ref.Name).Take(PerKind).Select(g =>
            new SearchHit("Dataset", g.Key, $"latest v{g.Max(d => d.Ref.Version)} · {g.First().Rows:N0} rows", $"/datasets/{Uri.EscapeDataString(g.Key)}", Icons.Material.Outlined.Storage)));

        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            var pattern = "%" + EscapeLike(query) + "%";
            var experiments = await db.Experiments.AsNoTracking()
                .Where(e => e.LifecycleStage == Domain.Tracking.LifecycleStage.Active && EF.Functions.ILike(e.Name, pattern, "\\"))
                .OrderBy(e => e.Name).Take(PerKind).Select(e => new { e.Id, e.Name, e.Owner }).ToListAsync(cancellationToken);
            hits.AddRange(experiments.Select(e =>
                new SearchHit("Experiment", e.Name, $"owner {e.Owner}", $"/experiments/{e.Id}", Icons.Material.Outlined.Science)));
        }

        var runs = await pickers.SearchRunsAsync(query, cancellationToken);
        hits.AddRange(runs.Take(PerKind).Select(r =>
            new SearchHit("Run", r.RunName, $"{r.Experiment} · {r.Status}", $"/runs/{r.RunId}", Icons.Material.Outlined.PlayCircleOutline)));

        var models = await registry.ListModelsAsync(query, 0, PerKind, cancellationToken);
        hits.AddRange(models.Select(m =>
            new SearchHit("Model", m.Name, m.Aliases.Count == 0 ? $"latest v{m.LatestVersion}" : string.Join(", ", m.Aliases.Select(a => $"{a.Key} → v{a.Value}")),
                $"/models/{Uri.EscapeDataString(m.Name)}", Icons.Material.Outlined.Inventory2)));

        foreach (var model in models.Take(2))
        {
            var requests = await promotions.ListRequestsAsync(model.Name, null, userId, 2, cancellationToken);
            hits.AddRange(requests.Select(r =>
                new SearchHit("Request", $"{r.Model} v{r.Version} → {r.Alias}", r.State.ToString(), $"/approvals/{r.Id}", Icons.Material.Outlined.FactCheck)));
        }

        return hits;
    }

    private static string EscapeLike(string text) =>
        text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal);
}
