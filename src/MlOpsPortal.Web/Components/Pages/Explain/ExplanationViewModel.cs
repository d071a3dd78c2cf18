using System.Globalization;
using MlOpsPortal.Infrastructure.Explain;
using MlOpsPortal.Web.Components.Charts;

namespace MlOpsPortal.Web.Components.Pages.Explain;

/// <summary>The beeswarm: one row per column (most important first), one point per sampled row.</summary>
public sealed record Beeswarm(IReadOnlyList<string> Features, IReadOnlyList<ScatterPoint> Points);

/// <summary>A dependence plot: the column's value (or category index) against its SHAP value.</summary>
public sealed record Dependence(string Feature, IReadOnlyList<ScatterPoint> Points, IReadOnlyList<string>? Categories);

/// <summary>One step of a row's waterfall: the column, its value in the row, its contribution and the running margin.</summary>
public sealed record LocalStep(string Name, string Value, double Contribution, double Running);

/// <summary>
/// Chart points of a SHAP explanation (unit-tested without rendering). Colours are the column's value scaled to [0, 1]
/// (numbers by min–max, categories by frequency rank), as the SHAP summary plot colours them.
/// </summary>
public static class ExplanationViewModel
{
    public const int BeeswarmFeatures = 12;
    public const int DotsPerFeature = 400;

    public static Beeswarm BuildBeeswarm(ShapSample sample, IReadOnlyList<GlobalImportance> global)
    {
        ArgumentNullException.ThrowIfNull(sample);
        ArgumentNullException.ThrowIfNull(global);
        var top = global.Take(BeeswarmFeatures).Select(g => sample.Features.FirstOrDefault(f => f.Name == g.Feature)).OfType<ShapFeature>().ToList();
        var step = Math.Max(1, sample.RowIndices.Count / DotsPerFeature);
        var points = new List<ScatterPoint>();
        for (var i = 0; i < top.Count; i++)
        {
            var f = top[i];
            var colours = Scaled(f);
            for (var r = 0; r < f.Shap.Count; r += step)
            {
                // Deterministic jitter within the row so that dense rows show their density.
                var jitter = ((((r * 7919) % 97) / 97.0) - 0.5) * 0.6;
                points.Add(new ScatterPoint(f.Shap[r], i + jitter, colours[r], $"{f.Name} = {ValueText(f, r)}, SHAP {F(f.Shap[r])}"));
            }
        }

        return new Beeswarm(top.Select(f => f.Name).ToList(), points);
    }

    public static Dependence BuildDependence(ShapSample sample, string feature)
    {
        ArgumentNullException.ThrowIfNull(sample);
        var f = sample.Features.First(x => x.Name == feature);
        if (f.Numbers is { } numbers)
        {
            var points = numbers.Select((n, r) => n is { } x ? new ScatterPoint(x, f.Shap[r], null, $"{feature} = {F(x)}, SHAP {F(f.Shap[r])}") : null)
                .OfType<ScatterPoint>().ToList();
            return new Dependence(feature, points, null);
        }

        var categories = f.Categories!.Select(c => c ?? "(missing)").Distinct().OrderBy(c => c, StringComparer.Ordinal).ToList();
        var index = categories.Select((c, i) => (c, i)).ToDictionary(x => x.c, x => x.i, StringComparer.Ordinal);
        var list = f.Categories!.Select((c, r) =>
        {
            var jitter = ((((r * 7919) % 97) / 97.0) - 0.5) * 0.5;
            return new ScatterPoint(index[c ?? "(missing)"] + jitter, f.Shap[r], null, $"{feature} = {c ?? "(missing)"}, SHAP {F(f.Shap[r])}");
        }).ToList();
        return new Dependence(feature, list, categories);
    }

    /// <summary>The row's contributions, largest first, from the expected margin to the row's margin.</summary>
    public static IReadOnlyList<LocalStep> BuildLocal(ShapSample sample, int row)
    {
        ArgumentNullException.ThrowIfNull(sample);
        var r = sample.RowIndices.ToList().IndexOf(row);
        if (r < 0)
        {
            return [];
        }

        var running = sample.Bias;
        var steps = new List<LocalStep>();
        foreach (var f in sample.Features.OrderByDescending(f => Math.Abs(f.Shap[r])))
        {
            running += f.Shap[r];
            steps.Add(new LocalStep(f.Name, ValueText(f, r), f.Shap[r], running));
        }

        return steps;
    }

    public static double Sigmoid(double margin) => 1 / (1 + Math.Exp(-margin));

    public static string F(double v) => v.ToString("G4", CultureInfo.InvariantCulture);

    public static string N(double? v) => v is { } x ? F(x) : "n/a";

    private static string ValueText(ShapFeature f, int r) => f.Numbers is { } n ? (n[r] is { } x ? F(x) : "(missing)") : f.Categories![r] ?? "(missing)";

    private static double?[] Scaled(ShapFeature f)
    {
        if (f.Numbers is { } numbers)
        {
            var present = numbers.Where(n => n is not null).Select(n => (double)n!.Value).ToList();
            var lo = present.Count > 0 ? present.Min() : 0;
            var hi = present.Count > 0 ? present.Max() : 1;
            return numbers.Select(n => n is { } x ? hi > lo ? (x - lo) / (hi - lo) : 0.5 : (double?)null).ToArray();
        }

        var rank = f.Categories!.GroupBy(c => c ?? string.Empty).OrderByDescending(g => g.Count()).Select((g, i) => (g.Key, i)).ToDictionary(x => x.Key, x => x.i);
        var count = Math.Max(1, rank.Count - 1);
        return f.Categories!.Select(c => (double?)(rank[c ?? string.Empty] / (double)count)).ToArray();
    }
}
