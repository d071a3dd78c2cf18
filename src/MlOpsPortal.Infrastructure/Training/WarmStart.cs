using MlOpsPortal.Domain.Common;
using MlOpsPortal.Engines.Features;
using MlOpsPortal.Engines.MlNet;
using MlOpsPortal.Engines.Packaging;
using MlOpsPortal.Engines.XGBoost;

namespace MlOpsPortal.Infrastructure.Training;

/// <summary>A registered model version a training continues from: <c>{"name": "adult", "version": 3}</c>.</summary>
public sealed record BaseModelRef(string Name, int Version)
{
    public override string ToString() => $"{Name} v{Version}";
}

/// <summary>
/// Warm start checks: the base package must have been trained here (feature pipeline), by an engine that can continue
/// (XGBoost's booster for gbtree / gblinear; ML.NET L-BFGS for lbfgs), for the same task and classes, and its input
/// columns must be exactly the request's features (same names, same kinds). Every refusal names the columns or fields.
/// </summary>
public static class WarmStart
{
    public static Error? Check(TrainingSpec spec, PreparedData data, ModelPackage package)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(package);
        var name = spec.BaseModel?.ToString() ?? "the base model";
        if (package.Pipeline is null)
        {
            return Error.Invalid($"'baseModel' {name} has no feature pipeline (it was not trained here), so it cannot be continued.");
        }

        var expected = package.Pipeline.Columns.ToDictionary(c => c.Name, c => c.Kind, StringComparer.Ordinal);
        var given = data.Schema.Columns.ToDictionary(c => c.Name, c => c.Kind, StringComparer.Ordinal);
        var missing = expected.Keys.Where(k => !given.ContainsKey(k)).ToList();
        var extra = given.Keys.Where(k => !expected.ContainsKey(k)).ToList();
        var kinds = expected.Where(kv => given.TryGetValue(kv.Key, out var k) && k != kv.Value)
            .Select(kv => $"{kv.Key} ({kv.Value.ToString().ToLowerInvariant()} in the base model, {given[kv.Key].ToString().ToLowerInvariant()} here)").ToList();
        if (missing.Count + extra.Count + kinds.Count > 0)
        {
            var parts = new List<string>();
            if (missing.Count > 0)
            {
                parts.Add($"missing from the training features: {string.Join(", ", missing)}");
            }

            if (extra.Count > 0)
            {
                parts.Add($"not inputs of the base model: {string.Join(", ", extra)}");
            }

            if (kinds.Count > 0)
            {
                parts.Add($"of another kind: {string.Join(", ", kinds)}");
            }

            return Error.Invalid($"The training data does not match the signature of 'baseModel' {name}: columns {string.Join("; ", parts)}.");
        }

        var task = data.Task switch
        {
            TrainingTask.Regression => ModelTask.Regression,
            TrainingTask.Multiclass => ModelTask.MulticlassClassification,
            _ => ModelTask.BinaryClassification,
        };
        if (package.Signature.Task != task)
        {
            return Error.Invalid($"'baseModel' {name} is a {package.Signature.Task} model; this training is {task}.");
        }

        if (data.Classes is { } classes && package.Signature.ClassLabels is { } baseClasses && !classes.ClassLabels.SequenceEqual(baseClasses, StringComparer.Ordinal))
        {
            return Error.Invalid($"'baseModel' {name} has classes [{string.Join(", ", baseClasses)}]; the training data has [{string.Join(", ", classes.ClassLabels)}].");
        }

        if (spec.MlNet is { } mlNet)
        {
            return mlNet.Algorithm != MlNetAlgorithm.Lbfgs
                ? Error.Invalid($"'baseModel' needs algorithm gbtree, gblinear or lbfgs (ML.NET warm-starts only L-BFGS from initial weights), not '{TrainingAlgorithms.Name(mlNet.Algorithm)}'.")
                : package.Metadata.Properties?.GetValueOrDefault(ModelPackageBuilder.MlNetAlgorithmProperty) != nameof(MlNetAlgorithm.Lbfgs)
                    ? Error.Invalid($"'baseModel' {name} is not an ML.NET L-BFGS model, so algorithm 'lbfgs' cannot continue it.")
                    : null;
        }

        if (package.NativeModel is null)
        {
            return Error.Invalid($"'baseModel' {name} has no XGBoost booster, so algorithm '{spec.AlgorithmName}' cannot continue it.");
        }

        using var booster = XGBoostModel.Load(package.NativeModel, package.Pipeline.FeatureNames);
        return booster.Info.Booster != spec.Algorithm
            ? Error.Invalid($"'baseModel' {name} is an XGBoost {(booster.Info.Booster == XGBoostBoosterKind.GbLinear ? "gblinear" : "gbtree")} model; 'algorithm' must match it.")
            : null;
    }
}
