using System.Globalization;
using Microsoft.EntityFrameworkCore;
using MlOpsPortal.Domain.Common;
using MlOpsPortal.Domain.Registry;
using MlOpsPortal.Infrastructure.Evaluation;
using MlOpsPortal.Infrastructure.Fairness;
using MlOpsPortal.Infrastructure.Persistence;

namespace MlOpsPortal.Infrastructure.Registry;

/// <summary>What a lineage link points at.</summary>
public enum LineageKind
{
    DatasetVersion,
    Run,
    Evaluation,
    FairnessReport,
    Explanation,
    PromotionRequest,
    Monitor,
}

/// <summary>One object linked to a model version: its kind, text, address and a short detail (state, date).</summary>
public sealed record LineageLink(LineageKind Kind, string Text, string Href, string? Detail = null);

/// <summary>A training dataset version as evidence: rows and whether a profile exists.</summary>
public sealed record TrainingDataInfo(string Name, string Version, long? Rows, bool Profiled, string Href);

/// <summary>One side of an approval: what the version brings (metrics, its evaluation, training data, card, fairness).</summary>
public sealed record VersionEvidence(
    int Version,
    string? RunId,
    IReadOnlyDictionary<string, double> Metrics,
    EvaluationEvidence? Evaluation,
    IReadOnlyList<TrainingDataInfo> TrainingData,
    ModelCardStatus CardStatus,
    string? CardOverview,
    FairnessEvidence? Fairness);

/// <summary>The candidate of a promotion request beside the version that holds the alias now (null when none does).</summary>
public sealed record ApprovalEvidence(string Model, string Alias, PromotionPolicy Policy, VersionEvidence Candidate, VersionEvidence? Incumbent);

/// <summary>A page of registered models with the total count (for server-side paging).</summary>
public sealed record ModelPage(IReadOnlyList<ModelSummary> Items, int Total);

/// <summary>
/// Read-only views across the registry and the objects around a model version: a sortable model page, a version's
/// lineage (datasets, run, evaluations, fairness reports, explanations, promotion requests, monitors) and the evidence
/// of a promotion request beside the current alias holder.
/// </summary>
public sealed class RegistryInsights(IDbContextFactory<PortalDbContext> dbFactory)
{
    public async Task<ModelPage> PageModelsAsync(string? nameContains, string? sortBy, bool descending, int skip, int take, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var models = db.Set<RegisteredModel>().AsNoTracking();
        if (!string.IsNullOrWhiteSpace(nameContains))
        {
            var pattern = "%" + nameContains.Trim().Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal) + "%";
            models = models.Where(m => EF.Functions.ILike(m.Name, pattern) || (m.Owner != null && EF.Functions.ILike(m.Owner, pattern)));
        }

        var total = await models.CountAsync(cancellationToken);
        var rows = models.Select(m => new
        {
            m.Id, m.Name, m.Description, m.Owner, m.UpdatedAt,
            Latest = db.Set<ModelVersion>().Where(v => v.ModelId == m.Id).Max(v => (int?)v.Version) ?? 0,
        });
        rows = (sortBy, descending) switch
        {
            ("Owner", false) => rows.OrderBy(r => r.Owner).ThenBy(r => r.Name),
            ("Owner", true) => rows.OrderByDescending(r => r.Owner).ThenBy(r => r.Name),
            ("LatestVersion", false) => rows.OrderBy(r => r.Latest).ThenBy(r => r.Name),
            ("LatestVersion", true) => rows.OrderByDescending(r => r.Latest).ThenBy(r => r.Name),
            ("UpdatedAt", false) => rows.OrderBy(r => r.UpdatedAt).ThenBy(r => r.Name),
            ("UpdatedAt", true) => rows.OrderByDescending(r => r.UpdatedAt).ThenBy(r => r.Name),
            (_, true) => rows.OrderByDescending(r => r.Name),
            _ => rows.OrderBy(r => r.Name),
        };
        var page = await rows.Skip(Math.Max(0, skip)).Take(Math.Clamp(take, 1, 500)).ToListAsync(cancellationToken);
        var ids = page.Select(p => p.Id).ToList();
        var aliases = await db.Set<ModelAlias>().AsNoTracking().Where(a => ids.Contains(a.ModelId)).ToListAsync(cancellationToken);
        return new ModelPage(page.Select(p => new ModelSummary(p.Id, p.Name, p.Description, p.Owner, p.Latest,
            aliases.Where(a => a.ModelId == p.Id).ToDictionary(a => a.Alias, a => a.Version), p.UpdatedAt)).ToList(), total);
    }

    /// <summary>Every object around a model version that the portal records, each with its page's address.</summary>
    public async Task<Result<IReadOnlyList<LineageLink>>> LineageAsync(string name, int version, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var found = await RegistryService.FindVersionAsync(db, name, version, tracking: false, cancellationToken);
        if (!found.IsSuccess)
        {
            return found.Error;
        }

        var (model, v) = found.Value;
        var links = new List<LineageLink>();
        links.AddRange(v.DatasetVersions.Select(d => new LineageLink(LineageKind.DatasetVersion, $"{d.Name} v{d.Version}", DatasetHref(d.Name, d.Version))));
        if (v.RunId is { } runId)
        {
            links.Add(new LineageLink(LineageKind.Run, runId, $"/runs/{Uri.EscapeDataString(runId)}", "source run"));
        }

        foreach (var e in await EvaluationEvidenceQueries.ForRunAsync(db, v.RunId, 50, cancellationToken))
        {
            links.Add(new LineageLink(LineageKind.Evaluation, $"on {e.Dataset}", e.Href, Stamp(e.CreatedAt)));
        }

        var fairness = await db.FairnessReports.AsNoTracking().Where(r => r.ModelName == name && r.ModelVersion == version)
            .OrderByDescending(r => r.CreatedAt).Take(50).Select(r => new { r.Id, r.DatasetName, r.DatasetVersion, r.CreatedAt, Done = r.Result != null })
            .ToListAsync(cancellationToken);
        links.AddRange(fairness.Select(r => new LineageLink(LineageKind.FairnessReport, $"on {r.DatasetName} v{r.DatasetVersion}", $"/fairness/reports/{r.Id}",
            (r.Done ? "done" : "running") + " · " + Stamp(r.CreatedAt))));
        var explanations = await db.Explanations.AsNoTracking().Where(r => r.ModelName == name && r.ModelVersion == version)
            .OrderByDescending(r => r.CreatedAt).Take(50).Select(r => new { r.Id, r.Method, r.DatasetName, r.DatasetVersion, r.CreatedAt, Done = r.Result != null })
            .ToListAsync(cancellationToken);
        links.AddRange(explanations.Select(r => new LineageLink(LineageKind.Explanation, $"{r.Method} on {r.DatasetName} v{r.DatasetVersion}", $"/explanations/{r.Id}",
            (r.Done ? "done" : "running") + " · " + Stamp(r.CreatedAt))));
        var requests = await db.Set<PromotionRequest>().AsNoTracking().Where(r => r.VersionId == v.Id).OrderByDescending(r => r.CreatedAt).Take(50)
            .Select(r => new { r.Id, r.Alias, r.State, r.CreatedAt }).ToListAsync(cancellationToken);
        links.AddRange(requests.Select(r => new LineageLink(LineageKind.PromotionRequest, $"{r.Alias} → v{version}", $"/approvals/{r.Id}", $"{r.State} · {Stamp(r.CreatedAt)}")));

        // Monitors watch an alias; they concern this version while it holds that alias or once they reported on it.
        var held = await db.Set<ModelAlias>().AsNoTracking().Where(a => a.VersionId == v.Id).Select(a => a.Alias).ToListAsync(cancellationToken);
        var reported = db.DriftReports.AsNoTracking().Where(d => d.ModelName == name && d.Version == version && d.MonitorId != null).Select(d => d.MonitorId);
        var monitors = await db.Monitors.AsNoTracking().Where(m => m.ModelName == name && (held.Contains(m.Alias) || reported.Contains(m.Id)))
            .OrderBy(m => m.Name).Select(m => new { m.Name, m.Alias }).ToListAsync(cancellationToken);
        links.AddRange(monitors.Select(m => new LineageLink(LineageKind.Monitor, m.Name, $"/monitoring/{Uri.EscapeDataString(m.Name)}", $"watches '{m.Alias}'")));
        return links;
    }

    /// <summary>The request's candidate beside the version that holds its alias now.</summary>
    public async Task<Result<ApprovalEvidence>> EvidenceAsync(string name, int version, string alias, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var found = await RegistryService.FindVersionAsync(db, name, version, tracking: false, cancellationToken);
        if (!found.IsSuccess)
        {
            return found.Error;
        }

        var (model, candidate) = found.Value;
        var holder = await db.Set<ModelAlias>().AsNoTracking().SingleOrDefaultAsync(a => a.ModelId == model.Id && a.Alias == alias, cancellationToken);
        var incumbent = holder is null || holder.VersionId == candidate.Id
            ? null
            : await db.Set<ModelVersion>().AsNoTracking().SingleOrDefaultAsync(x => x.Id == holder.VersionId, cancellationToken);
        var candidateEvaluation = model.Policy.HoldoutDataset is { } holdout
            ? await EvaluationEvidenceQueries.LatestOnHoldoutAsync(db, candidate.RunId, holdout, cancellationToken)
            : (await EvaluationEvidenceQueries.ForRunAsync(db, candidate.RunId, 1, cancellationToken)) is [var newest, ..] ? newest : null;
        var candidateSide = await SideAsync(db, model, candidate, candidateEvaluation, cancellationToken);
        VersionEvidence? incumbentSide = null;
        if (incumbent is not null)
        {
            var incumbentEvaluation = candidateEvaluation is null
                ? null
                : await EvaluationEvidenceQueries.LatestOnDatasetAsync(db, incumbent.RunId, candidateEvaluation.Dataset, cancellationToken);
            incumbentSide = await SideAsync(db, model, incumbent, incumbentEvaluation, cancellationToken);
        }

        return new ApprovalEvidence(model.Name, alias, model.Policy, candidateSide, incumbentSide);
    }

    internal static string DatasetHref(string name, string version) =>
        int.TryParse(version.TrimStart('v'), NumberStyles.None, CultureInfo.InvariantCulture, out var n)
            ? $"/datasets/{Uri.EscapeDataString(name)}/versions/{n}"
            : $"/datasets/{Uri.EscapeDataString(name)}";

    private static string Stamp(DateTimeOffset at) => at.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    private static async Task<VersionEvidence> SideAsync(PortalDbContext db, RegisteredModel model, ModelVersion v, EvaluationEvidence? evaluation, CancellationToken cancellationToken)
    {
        var data = new List<TrainingDataInfo>();
        foreach (var d in v.DatasetVersions)
        {
            var number = int.TryParse(d.Version.TrimStart('v'), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : (int?)null;
            var row = number is null
                ? null
                : await (from ds in db.Datasets.AsNoTracking()
                         join dv in db.DatasetVersions.AsNoTracking() on ds.Id equals dv.DatasetId
                         where ds.Name == d.Name && dv.Version == number
                         select new { dv.Rows, Profiled = dv.Profile != null }).FirstOrDefaultAsync(cancellationToken);
            data.Add(new TrainingDataInfo(d.Name, d.Version, row?.Rows, row?.Profiled ?? false, DatasetHref(d.Name, d.Version)));
        }

        var fairness = await FairnessGateEvidence.LatestOnAnyAsync(db, model.Name, v.Version, model.Policy.FairnessDataset, cancellationToken);
        return new VersionEvidence(v.Version, v.RunId, v.Metrics, evaluation, data, v.CardStatus, v.Card.GetValueOrDefault("overview"), fairness);
    }
}
