using System.Globalization;
using MlOpsPortal.Application.Datasets;
using MlOpsPortal.Application.Fairness;
using MlOpsPortal.Domain.Common;

namespace MlOpsPortal.Infrastructure.Training;

/// <summary>The training option "reweighing": a sensitive feature (numeric ones binned by edges) whose Kamiran–Calders weights train the model.</summary>
public sealed record ReweighingOption(string Feature, IReadOnlyList<double>? Edges = null);

/// <summary>Applies <see cref="TrainingSpec.Reweighing"/> before training and records it in the run's params.</summary>
public static class TrainingMitigation
{
    /// <summary>
    /// With <see cref="TrainingSpec.Reweighing"/> set, computes <see cref="FairnessMitigation.ReweighingWeights"/> on the training
    /// table (label = <see cref="TrainingSpec.Label"/>, positive = <see cref="TrainingSpec.PositiveClass"/>) and multiplies them into
    /// <see cref="TrainingSpec.SampleWeights"/>.
    /// </summary>
    public static Result<TrainingSpec> Apply(TrainingSpec spec, DatasetTable train)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(train);
        if (spec.Reweighing is not { } option)
        {
            return spec;
        }

        if (spec.PositiveClass is null)
        {
            return Error.Invalid("Reweighing needs the positive class of the label (positiveClass).");
        }

        var weights = FairnessMitigation.ReweighingWeights(train, spec.Label, spec.PositiveClass, option.Feature, option.Edges);
        if (!weights.IsSuccess)
        {
            return weights.Error;
        }

        var w = weights.Value.SampleWeights;
        var combined = spec.SampleWeights is { } given ? given.Select((g, i) => g * w[i]).ToArray() : w;
        return spec with { SampleWeights = combined };
    }

    /// <summary>Adds <c>mitigation</c>, <c>reweighing_feature</c> (and edges) to the run's params.</summary>
    public static Dictionary<string, string> Record(Dictionary<string, string> parameters, TrainingSpec spec)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(spec);
        if (spec.Reweighing is { } option)
        {
            parameters["mitigation"] = "reweighing";
            parameters["reweighing_feature"] = option.Feature;
            if (option.Edges is { Count: > 0 } edges)
            {
                parameters["reweighing_edges"] = string.Join(",", edges.Select(e => e.ToString("G", CultureInfo.InvariantCulture)));
            }
        }

        return parameters;
    }
}
