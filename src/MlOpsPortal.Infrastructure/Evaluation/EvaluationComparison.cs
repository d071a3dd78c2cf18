using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using MlOpsPortal.Application.Artifacts;
using MlOpsPortal.Domain.Common;
using MlOpsPortal.Domain.Statistics;
using MlOpsPortal.Infrastructure.Persistence;

namespace MlOpsPortal.Infrastructure.Evaluation;

/// <summary>
/// Body of <c>POST /api/v1/evaluations/compare</c>: two evaluations of the same dataset version; optional MLflow-style
/// thresholds (<c>metric</c>, <c>higherIsBetter</c> default true, <c>threshold</c>, <c>minAbsoluteChange</c>,
/// <c>minRelativeChange</c>; default: roc_auc higher is better), bootstrap resamples (default 1000) and seed (42).
/// </summary>
public sealed record CompareRequest(Guid Champion, Guid Challenger, IReadOnlyList<ChallengerThreshold>? Thresholds = null, int? Resamples = null, int? Seed = null);

public sealed record MetricDelta(string Metric, double? Champion, double? Challenger, double? Difference);

/// <summary>Champion vs challenger on the same rows: metric deltas, threshold checks, McNemar's test and a paired bootstrap CI of the AUC difference.</summary>
public sealed record ComparisonDto(
    Guid Champion, Guid Challenger, string Dataset, IReadOnlyList<MetricDelta> Deltas, IReadOnlyList<MetricThresholdCheck> Checks, bool Passed,
    McNemarResult McNemar, double McNemarPValue, AucDifference AucDifference);

/// <summary>Compares two stored evaluations; reads their paired predictions from the artifact store.</summary>
public sealed class EvaluationComparison(IDbContextFactory<PortalDbContext> dbFactory, IArtifactStore artifacts)
{
    public async Task<Result<ComparisonDto>> CompareAsync(CompareRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var rows = await db.Evaluations.AsNoTracking().Where(e => e.Id == request.Champion || e.Id == request.Challenger).ToListAsync(cancellationToken);
        var champion = rows.FirstOrDefault(r => r.Id == request.Champion);
        var challenger = rows.FirstOrDefault(r => r.Id == request.Challenger);
        if (champion is null || challenger is null)
        {
            return Error.NotFound($"Evaluation {(champion is null ? request.Champion : request.Challenger)} does not exist.");
        }

        if (champion.Dataset != challenger.Dataset || champion.Rows != challenger.Rows)
        {
            return Error.Invalid($"Both evaluations must be on the same dataset version ({champion.Dataset} vs {challenger.Dataset}).");
        }

        if (champion.Task != "binary" || challenger.Task != "binary")
        {
            return Error.Invalid($"Champion vs challenger compares binary evaluations (McNemar and the paired AUC bootstrap need a positive class); these are {champion.Task} and {challenger.Task}. Compare multiclass or regression evaluations by their metrics.");
        }

        var a = await ReadAsync(champion.PredictionsSha256, cancellationToken);
        var b = await ReadAsync(challenger.PredictionsSha256, cancellationToken);
        if (!a.IsSuccess || !b.IsSuccess)
        {
            return (a.Error ?? b.Error)!;
        }

        if (!a.Value.Labels.SequenceEqual(b.Value.Labels))
        {
            return Error.Invalid("The two evaluations' labels differ row by row; they are not paired.");
        }

        var championMetrics = Metrics(champion);
        var challengerMetrics = Metrics(challenger);
        var deltas = championMetrics.Keys.Union(challengerMetrics.Keys).Order(StringComparer.Ordinal)
            .Select(k => new MetricDelta(k, championMetrics.GetValueOrDefault(k), challengerMetrics.GetValueOrDefault(k), challengerMetrics.GetValueOrDefault(k) - championMetrics.GetValueOrDefault(k)))
            .ToList();
        var thresholds = request.Thresholds is { Count: > 0 } given ? given : [new ChallengerThreshold("roc_auc")];
        var checks = thresholds.Select(t => ChampionChallenger.Check(t, championMetrics.GetValueOrDefault(t.Metric), challengerMetrics.GetValueOrDefault(t.Metric))).ToList();
        var labels = a.Value.Labels;
        var mcnemar = ChampionChallenger.McNemar(Correct(labels, a.Value.Scores, champion.Threshold), Correct(labels, b.Value.Scores, challenger.Threshold));
        var auc = ChampionChallenger.PairedBootstrapAuc(labels, a.Value.Scores, b.Value.Scores, request.Resamples ?? 1000, request.Seed ?? 42, cancellationToken: cancellationToken);
        return new ComparisonDto(champion.Id, challenger.Id, champion.Dataset, deltas, checks, checks.All(c => c.Passed), mcnemar, mcnemar.PValue, auc);
    }

    private static bool[] Correct(bool[] labels, double[] scores, double threshold) =>
        labels.Select((y, i) => (scores[i] >= threshold) == y).ToArray();

    private static Dictionary<string, double?> Metrics(EvaluationRow row) =>
        JsonSerializer.Deserialize<Dictionary<string, double?>>(row.Metrics, EvaluationJson.Options)!;

    private async Task<Result<Predictions>> ReadAsync(string sha256, CancellationToken cancellationToken)
    {
        var opened = await artifacts.OpenReadAsync(sha256, cancellationToken);
        if (!opened.IsSuccess)
        {
            return opened.Error;
        }

        await using var stream = opened.Value;
        return (await JsonSerializer.DeserializeAsync<Predictions>(stream, EvaluationJson.Options, cancellationToken))!;
    }

    private sealed record Predictions(bool[] Labels, double[] Scores);
}
