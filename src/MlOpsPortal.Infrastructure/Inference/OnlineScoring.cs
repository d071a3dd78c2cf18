using System.Text.Json.Serialization;
using Microsoft.Extensions.Options;
using MlOpsPortal.Domain.Common;

namespace MlOpsPortal.Infrastructure.Inference;

/// <summary>Which model to score with: a version, or an alias resolved at request time.</summary>
public sealed record ModelTarget(string Name, string? Alias, int? Version)
{
    public override string ToString() => Alias is null ? $"{Name}/versions/{Version}" : $"{Name}@{Alias}";
}

/// <summary>One answer row: label + probabilities (classification) or value (regression), and SHAP when asked.</summary>
public sealed record PredictionDto(
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Label,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyDictionary<string, double>? Probabilities,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? Value,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyDictionary<string, double>? Contributions);

public sealed record ServedModelRef(string Name, int Version, [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Alias);

public sealed record PredictResponse(
    IReadOnlyList<PredictionDto> Predictions,
    ServedModelRef Model,
    string ExecutionProvider,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<Guid?>? PredictionIds);

/// <summary>
/// The online scoring use case: resolve the target, validate the rows against the signature (every problem listed),
/// score through ONNX Runtime, optionally explain, and log a sample of the predictions (ids returned to the caller).
/// </summary>
public sealed class OnlineScoring(ModelRouter router, ModelScorer scorer, ShapExplainer explainer, IPredictionLog log, IOptions<InferenceOptions> options)
{
    public InferenceOptions Options => options.Value;

    public Task<Result<PredictResponse>> ScoreJsonAsync(ModelTarget target, ReadOnlyMemory<byte> body, bool explain, CancellationToken cancellationToken) =>
        ScoreAsync(target, ScoringPayload.ParseJson(body, options.Value.MaxRows), explain, cancellationToken);

    public async Task<Result<PredictResponse>> ScoreCsvAsync(ModelTarget target, Stream body, bool explain, CancellationToken cancellationToken) =>
        await ScoreAsync(target, await ScoringPayload.ParseCsvAsync(body, options.Value.MaxRows, cancellationToken), explain, cancellationToken);

    public async Task<Result<ServedModel>> ResolveAsync(ModelTarget target, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        return target.Alias is { } alias
            ? await router.ResolveAliasAsync(target.Name, alias, cancellationToken)
            : await router.ResolveVersionAsync(target.Name, target.Version ?? 0, null, cancellationToken);
    }

    private async Task<Result<PredictResponse>> ScoreAsync(ModelTarget target, Result<ScoringTable> parsed, bool explain, CancellationToken cancellationToken)
    {
        // The model is resolved first: an unknown model is 404 whatever the body holds.
        var model = await ResolveAsync(target, cancellationToken);
        if (!model.IsSuccess)
        {
            return model.Error;
        }

        if (!parsed.IsSuccess)
        {
            return parsed.Error;
        }

        var served = model.Value;
        var refuseUnseen = served.Package.Signature.Inputs.Any(i => string.Equals(i.UnseenCategoryPolicy, "Error", StringComparison.OrdinalIgnoreCase));
        var scored = scorer.Score(served.Package, served.OnnxSha256, parsed.Value, refuseUnseen);
        if (!scored.IsSuccess)
        {
            return scored.Error;
        }

        IReadOnlyList<Dictionary<string, double>>? contributions = null;
        if (explain)
        {
            var shap = explainer.Explain(served.Package, parsed.Value, scored.Value.Predictions, cancellationToken);
            if (!shap.IsSuccess)
            {
                return shap.Error;
            }

            contributions = shap.Value;
        }

        var rows = scored.Value.Predictions;
        var dtos = new PredictionDto[rows.Count];
        for (var i = 0; i < rows.Count; i++)
        {
            dtos[i] = new PredictionDto(rows[i].Label, rows[i].Probabilities, rows[i].Value, contributions?[i]);
        }

        var ids = log.Record(served, parsed.Value, rows);
        return new PredictResponse(dtos, new ServedModelRef(served.Name, served.Version, served.Alias), scored.Value.ExecutionProvider, ids);
    }
}
