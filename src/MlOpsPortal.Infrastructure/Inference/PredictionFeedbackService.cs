using Microsoft.EntityFrameworkCore;
using MlOpsPortal.Domain.Common;
using MlOpsPortal.Domain.Evaluation;
using MlOpsPortal.Domain.Training;
using MlOpsPortal.Engines.Packaging;
using MlOpsPortal.Infrastructure.Persistence;

namespace MlOpsPortal.Infrastructure.Inference;

/// <summary>One ground-truth label (classification) or value (regression) for a logged prediction.</summary>
public sealed record FeedbackItem(Guid? PredictionId, string? Label, double? Value);

/// <summary>Body of <c>POST /api/v1/predictions/feedback</c>: one item inline, or a list under <c>feedback</c> (≤ 10,000).</summary>
public sealed record FeedbackRequest(Guid? PredictionId, string? Label, double? Value, IReadOnlyList<FeedbackItem>? Feedback);

public sealed record FeedbackResult(int Updated, IReadOnlyList<Guid> NotFound);

/// <summary>
/// Live performance over labelled logged predictions: classification accuracy (and ROC AUC for binary models, on the
/// positive-class probability); regression RMSE and MAE. Null metrics when no label has arrived.
/// </summary>
public sealed record LivePerformance(
    string Model, string? Alias, DateTimeOffset Since, long Predictions, long Labelled,
    double? Accuracy, double? RocAuc, double? Rmse, double? Mae);

/// <summary>Ground-truth feedback for logged predictions and the live metrics it makes possible.</summary>
public sealed class PredictionFeedbackService(IDbContextFactory<PortalDbContext> dbFactory, ModelRouter router, PredictionLogWriter writer, TimeProvider time)
{
    public const int MaxItems = 10_000;

    public async Task<Result<FeedbackResult>> SubmitAsync(FeedbackRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var items = request.Feedback ?? (request.PredictionId is null ? [] : [new FeedbackItem(request.PredictionId, request.Label, request.Value)]);
        if (items.Count == 0)
        {
            return Error.Invalid("Send {\"predictionId\", \"label\"} (or \"value\" for regression), or {\"feedback\": [ ... ]}.");
        }

        if (items.Count > MaxItems)
        {
            return Error.Invalid($"At most {MaxItems:N0} feedback items per request; {items.Count:N0} were sent.");
        }

        var problems = items.Select((f, i) => f.PredictionId is null ? $"item {i + 1}: 'predictionId' is required"
            : f.Label is null && f.Value is null ? $"item {i + 1}: give 'label' (classification) or 'value' (regression)"
            : f.Value is { } v && !double.IsFinite(v) ? $"item {i + 1}: 'value' must be a finite number" : null).OfType<string>().ToList();
        if (problems.Count > 0)
        {
            return new Error(ErrorCode.InvalidArgument, string.Join("; ", problems.Take(20)), new Dictionary<string, string[]> { ["feedback"] = problems.Take(20).ToArray() });
        }

        var ids = items.Select(i => i.PredictionId!.Value).Distinct().ToArray();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var rows = await db.Predictions.Where(p => ids.Contains(p.Id)).ToListAsync(cancellationToken);
        if (rows.Count < ids.Length)
        {
            // Ids just returned by this node may still be queued for writing.
            await writer.WaitForPendingAsync(TimeSpan.FromSeconds(5), cancellationToken);
            var found = rows.Select(r => r.Id).ToHashSet();
            var missing = ids.Where(id => !found.Contains(id)).ToArray();
            rows.AddRange(await db.Predictions.Where(p => missing.Contains(p.Id)).ToListAsync(cancellationToken));
        }

        var byId = rows.ToDictionary(r => r.Id);
        var now = time.GetUtcNow();
        var signatures = new Dictionary<(string, int), ModelSignature?>();
        var invalid = new List<string>();
        foreach (var item in items)
        {
            if (!byId.TryGetValue(item.PredictionId!.Value, out var row))
            {
                continue;
            }

            if (!signatures.TryGetValue((row.ModelName, row.Version), out var signature))
            {
                var served = await router.ResolveVersionAsync(row.ModelName, row.Version, null, cancellationToken);
                signature = served.IsSuccess ? served.Value.Package.Signature : null;
                signatures[(row.ModelName, row.Version)] = signature;
            }

            if (signature?.Task == ModelTask.Regression || (signature is null && row.Value is not null))
            {
                if (item.Value is not { } value)
                {
                    invalid.Add($"{row.Id}: the model is a regression; send 'value'");
                    continue;
                }

                row.ActualValue = value;
            }
            else
            {
                var known = (signature?.ClassLabels ?? []).ToHashSet(StringComparer.Ordinal);
                var label = LabelValues.Normalize(item.Label ?? item.Value?.ToString(System.Globalization.CultureInfo.InvariantCulture), known);
                if (label is null || (known.Count > 0 && !known.Contains(label)))
                {
                    invalid.Add($"{row.Id}: label '{item.Label}' is not one of the model's classes ({string.Join(", ", known)})");
                    continue;
                }

                row.ActualLabel = label;
            }

            row.FeedbackAt = now;
        }

        if (invalid.Count > 0)
        {
            return new Error(ErrorCode.InvalidArgument, $"{invalid.Count} feedback item(s) rejected, none stored: {string.Join("; ", invalid.Take(20))}",
                new Dictionary<string, string[]> { ["feedback"] = invalid.Take(20).ToArray() });
        }

        var updated = await db.SaveChangesAsync(cancellationToken);
        return new FeedbackResult(updated, ids.Where(id => !byId.ContainsKey(id)).ToList());
    }

    /// <summary>Live metrics of a model (optionally one alias) over logged predictions since <paramref name="since"/>.</summary>
    public async Task<LivePerformance> PerformanceAsync(string model, string? alias, DateTimeOffset since, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var scope = db.Predictions.AsNoTracking().Where(p => p.ModelName == model && p.LoggedAt >= since);
        if (alias is not null)
        {
            scope = scope.Where(p => p.Alias == alias);
        }

        var total = await scope.LongCountAsync(cancellationToken);
        var labelled = await scope.Where(p => p.FeedbackAt != null)
            .Select(p => new { p.Label, p.Score, p.Value, p.ActualLabel, p.ActualValue })
            .ToListAsync(cancellationToken);
        double? accuracy = null, auc = null, rmse = null, mae = null;
        var classified = labelled.Where(p => p.ActualLabel is not null && p.Label is not null).ToList();
        if (classified.Count > 0)
        {
            accuracy = classified.Count(p => p.Label == p.ActualLabel) / (double)classified.Count;
        }

        var scored = classified.Where(p => p.Score is not null).ToList();
        if (scored.Count > 0)
        {
            var positive = await PositiveClassAsync(model, cancellationToken);
            if (positive is not null)
            {
                auc = RankingMetrics.RocAuc(scored.Select(p => p.ActualLabel == positive).ToArray(), scored.Select(p => p.Score!.Value).ToArray());
            }
        }

        var regressed = labelled.Where(p => p.ActualValue is not null && p.Value is not null).ToList();
        if (regressed.Count > 0)
        {
            var errors = regressed.Select(p => p.ActualValue!.Value - p.Value!.Value).ToArray();
            rmse = Math.Sqrt(errors.Average(e => e * e));
            mae = errors.Average(Math.Abs);
        }

        return new LivePerformance(model, alias, since, total, labelled.Count, accuracy, auc, rmse, mae);
    }

    private async Task<string?> PositiveClassAsync(string model, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var version = await db.Predictions.AsNoTracking().Where(p => p.ModelName == model && p.Score != null)
            .OrderByDescending(p => p.LoggedAt).Select(p => (int?)p.Version).FirstOrDefaultAsync(cancellationToken);
        if (version is null)
        {
            return null;
        }

        var served = await router.ResolveVersionAsync(model, version.Value, null, cancellationToken);
        return served.IsSuccess ? PredictionLogWriter.PositiveClass(served.Value.Package.Signature) : null;
    }
}
