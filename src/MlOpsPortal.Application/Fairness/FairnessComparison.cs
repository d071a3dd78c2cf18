using MlOpsPortal.Domain.Common;

namespace MlOpsPortal.Application.Fairness;

/// <summary>One number before and after a mitigation (change = after − before; null where either is undefined).</summary>
public sealed record FairnessComparisonRow(string Scope, string Convention, string Metric, double? Before, double? After, double? Change);

/// <summary>The before/after trade-off of two reports on the same data: overall accuracy and selection, per-group rates, headline disparities.</summary>
public sealed record FairnessComparisonDto(
    Guid Before, Guid After, string? BeforeModel, string? AfterModel, string Dataset, IReadOnlyList<string> Notes, IReadOnlyList<FairnessComparisonRow> Rows);

/// <summary>
/// Compares two finished reports, e.g. a baseline model and its reweighed retraining, on the groupings both have. The
/// rows keep each number's convention: "overall"/per-group rates are plain fractions, disparities are Fairlearn's
/// (between groups) or AIF360's (unprivileged vs privileged).
/// </summary>
public static class FairnessComparison
{
    private static readonly string[] Rates = ["accuracy", "selectionRate", "tpr", "fpr"];

    private static readonly string[] FairlearnHeadline = ["demographicParityDifference", "demographicParityRatio", "equalizedOddsDifference", "equalOpportunityDifference"];

    private static readonly string[] Aif360Headline = ["statisticalParityDifference", "disparateImpact", "averageOddsDifference", "equalOpportunityDifference"];

    public static Result<FairnessComparisonDto> Compare(FairnessReportDto before, FairnessReportDto after)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        if (before.Result is not { } b || after.Result is not { } a)
        {
            return Error.InvalidState("Both reports must have finished before they can be compared.");
        }

        var shared = b.Disparities.Keys.Intersect(a.Disparities.Keys, StringComparer.Ordinal).ToList();
        if (shared.Count == 0)
        {
            return Error.Invalid($"The reports share no grouping (before: {string.Join(", ", b.Disparities.Keys)}; after: {string.Join(", ", a.Disparities.Keys)}).");
        }

        var notes = new List<string>();
        if (before.Dataset != after.Dataset)
        {
            notes.Add($"The reports are on different data ({Describe(before.Dataset)} vs {Describe(after.Dataset)}): differences mix the model change with the data change.");
        }

        var rows = new List<FairnessComparisonRow>();
        foreach (var rate in Rates)
        {
            rows.Add(Row("overall", "rate", rate, Rate(b.Overall, rate), Rate(a.Overall, rate)));
        }

        foreach (var grouping in shared)
        {
            foreach (var group in b.Groups.Where(g => Key(g.Group) == grouping))
            {
                var match = a.Groups.FirstOrDefault(x => SameGroup(x.Group, group.Group));
                var scope = string.Join(", ", group.Group.Select(kv => $"{kv.Key}={kv.Value}"));
                rows.Add(Row(scope, "rate", "selectionRate", group.SelectionRate, match?.SelectionRate));
                rows.Add(Row(scope, "rate", "accuracy", group.Accuracy, match?.Accuracy));
            }

            var bd = b.Disparities[grouping];
            var ad = a.Disparities[grouping];
            foreach (var metric in FairlearnHeadline)
            {
                rows.Add(Row(grouping, bd.Fairlearn.Convention, metric, bd.Fairlearn.BetweenGroups.GetValueOrDefault(metric)?.Value, ad.Fairlearn.BetweenGroups.GetValueOrDefault(metric)?.Value));
            }

            if (bd.Aif360 is { } bAif && ad.Aif360 is { } aAif)
            {
                foreach (var metric in Aif360Headline)
                {
                    rows.Add(Row(grouping, bAif.Convention, metric, bAif.Metrics.GetValueOrDefault(metric)?.Value, aAif.Metrics.GetValueOrDefault(metric)?.Value));
                }
            }
        }

        return new FairnessComparisonDto(before.Id, after.Id, Model(before), Model(after), Describe(before.Dataset), notes, rows);
    }

    private static FairnessComparisonRow Row(string scope, string convention, string metric, double? before, double? after) =>
        new(scope, convention, metric, before, after, before is { } x && after is { } y ? y - x : null);

    private static double? Rate(GroupDto g, string rate) => rate switch
    {
        "accuracy" => g.Accuracy,
        "selectionRate" => g.SelectionRate,
        "tpr" => g.Tpr,
        _ => g.Fpr,
    };

    private static string Key(IReadOnlyDictionary<string, string> group) => string.Join("×", group.Keys);

    private static bool SameGroup(IReadOnlyDictionary<string, string> x, IReadOnlyDictionary<string, string> y) =>
        x.Count == y.Count && x.All(kv => y.TryGetValue(kv.Key, out var v) && v == kv.Value);

    private static string Describe(DatasetVersionRef d) => $"{d.Name}@v{d.Version}";

    private static string? Model(FairnessReportDto r) => r.Model is { } m ? $"{m.Name} v{m.Version}" : null;
}
