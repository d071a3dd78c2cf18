using System.Globalization;
using System.Text.Json;
using MlOpsPortal.Infrastructure.Training;

namespace MlOpsPortal.Web.Components.Pages.Training;

/// <summary>
/// The search form: the base training request (the training form's fields) plus the search — strategy, trials, metric,
/// direction, parallelism, seed and one row per searched hyperparameter. <see cref="Validate"/> gives the inline
/// messages (per field and per row) before anything is sent; <see cref="ToRequest"/> builds the same body as
/// <c>POST /api/v1/hpo-jobs</c>, so the service runs every other check.
/// </summary>
public sealed class HpoFormViewModel
{
    public static readonly string[] StrategyChoices = ["random", "grid"];
    public static readonly string[] DirectionChoices = ["auto", "maximize", "minimize"];
    public static readonly string[] ParameterChoices = ["rounds", "maxDepth", "learningRate", "subsample", "colsampleByTree", "minChildWeight", "lambda", "alpha"];
    public static readonly string[] KindChoices = ["values", "uniform", "logUniform", "intRange"];

    public static readonly string[] MetricSuggestions =
    [
        "validation_roc_auc", "validation_log_loss", "validation_accuracy", "validation_f1", "validation_average_precision",
        "test_roc_auc", "test_log_loss", "test_accuracy", "test_f1", "validation_rmse", "validation_r2", "validation_f1_macro",
    ];

    public TrainingFormViewModel Training { get; } = new() { Rounds = 100 };

    public string Strategy { get; set; } = "random";

    public int Trials { get; set; } = 20;

    public string Metric { get; set; } = "validation_roc_auc";

    public string Direction { get; set; } = "auto";

    public int Parallelism { get; set; } = 1;

    public int Seed { get; set; } = 42;

    public List<ParameterRow> Parameters { get; } =
    [
        new() { Name = "maxDepth", Kind = "intRange", Low = "3", High = "8" },
        new() { Name = "learningRate", Kind = "logUniform", Low = "0.03", High = "0.3" },
    ];

    /// <summary>
    /// Fills the form from an earlier search (Clone): its training request, strategy, metric, direction and parallelism;
    /// each searched hyperparameter comes back as the list of values a grid tried, or as the range a random search drew from.
    /// </summary>
    public void CloneFrom(HpoJobParameters search)
    {
        ArgumentNullException.ThrowIfNull(search);
        Training.CloneFrom(search.Training);
        Strategy = StrategyChoices.Contains(search.Plan.Strategy) ? search.Plan.Strategy : "random";
        Trials = Math.Clamp(search.Plan.Trials.Count, 1, HyperparameterSearch.MaxTrials);
        Metric = search.Plan.Metric;
        Direction = search.Plan.Maximize ? "maximize" : "minimize";
        Parallelism = Math.Clamp(search.Plan.Parallelism, 1, 4);
        Parameters.Clear();
        foreach (var name in search.Plan.Trials.SelectMany(t => t.Keys).Distinct(StringComparer.Ordinal))
        {
            var values = search.Plan.Trials.Select(t => t.GetValueOrDefault(name)).OfType<string>()
                .Select(v => double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : (double?)null).OfType<double>().Distinct().Order().ToList();
            if (values.Count == 0)
            {
                continue;
            }

            var text = values.Select(v => v.ToString(CultureInfo.InvariantCulture)).ToList();
            Parameters.Add(Strategy == "grid" || values.Count == 1
                ? new ParameterRow { Name = name, Kind = "values", Values = string.Join(", ", text) }
                : new ParameterRow { Name = name, Kind = values.All(v => Math.Round(v) == v) ? "intRange" : "uniform", Low = text[0], High = text[^1] });
        }
    }

    public void AddParameter() =>
        Parameters.Add(new ParameterRow { Name = ParameterChoices.FirstOrDefault(n => Parameters.All(p => p.Name != n)) ?? "rounds", Kind = "values", Values = string.Empty });

    public void RemoveParameter(ParameterRow row) => Parameters.Remove(row);

    /// <summary>Inline messages keyed by field id (<c>hpo-trials</c>, <c>hpo-param-0</c>, …); empty when the form can be sent.</summary>
    public Dictionary<string, string> Validate()
    {
        var errors = new Dictionary<string, string>(StringComparer.Ordinal);
        if (string.IsNullOrWhiteSpace(Training.Experiment))
        {
            errors["train-experiment"] = "Name the experiment the search logs to.";
        }

        if (string.IsNullOrWhiteSpace(Training.TrainName))
        {
            errors["train-dataset"] = "Name the training dataset.";
        }

        if (string.IsNullOrWhiteSpace(Training.Label))
        {
            errors["train-label"] = "Name the label column.";
        }

        if (Strategy == "random" && Trials is < 1 or > HyperparameterSearch.MaxTrials)
        {
            errors["hpo-trials"] = $"Between 1 and {HyperparameterSearch.MaxTrials} trials.";
        }

        if (Parallelism is < 1 or > 4)
        {
            errors["hpo-parallelism"] = "Between 1 and 4 trials at once.";
        }

        if (string.IsNullOrWhiteSpace(Metric))
        {
            errors["hpo-metric"] = "Name the run metric to optimise, e.g. validation_roc_auc.";
        }

        if (Parameters.Count == 0)
        {
            errors["hpo-params"] = "Vary at least one hyperparameter.";
        }

        for (var i = 0; i < Parameters.Count; i++)
        {
            var row = Parameters[i];
            var message = Parameters.Take(i).Any(p => p.Name == row.Name) ? $"'{row.Name}' is listed twice." : row.Check();
            if (message is not null)
            {
                errors[$"hpo-param-{i}"] = message;
            }
        }

        return errors;
    }

    public HpoJobRequest ToRequest() => new(
        Training.ToRequest(),
        new SearchRequest(
            Strategy,
            Strategy == "random" ? Trials : null,
            Parameters.ToDictionary(p => p.Name, p => p.ToRequest(), StringComparer.Ordinal),
            Metric.Trim(),
            Direction == "auto" ? null : Direction,
            Parallelism,
            Seed));

    /// <summary>One searched hyperparameter: a comma-separated list, or a [low, high] range of the chosen kind.</summary>
    public sealed class ParameterRow
    {
        public string Name { get; set; } = "maxDepth";

        public string Kind { get; set; } = "intRange";

        public string Values { get; set; } = string.Empty;

        public string Low { get; set; } = string.Empty;

        public string High { get; set; } = string.Empty;

        public bool IsList => Kind == "values";

        public string? Check()
        {
            if (IsList)
            {
                var items = Split(Values);
                return items.Count == 0 ? "List at least one value, e.g. 3, 5, 7."
                    : items.FirstOrDefault(v => !double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out _)) is { } bad ? $"'{bad}' is not a number."
                    : null;
            }

            if (!double.TryParse(Low, NumberStyles.Float, CultureInfo.InvariantCulture, out var low) || !double.TryParse(High, NumberStyles.Float, CultureInfo.InvariantCulture, out var high))
            {
                return "Give a numeric low and high.";
            }

            return low > high ? "Low must not be above high."
                : Kind == "logUniform" && low <= 0 ? "A log-uniform range needs low > 0."
                : Kind == "intRange" && (Math.Round(low) != low || Math.Round(high) != high) ? "An integer range needs whole numbers."
                : null;
        }

        public SearchParameterRequest ToRequest()
        {
            if (IsList)
            {
                return new SearchParameterRequest(Values: Split(Values).Select(v => JsonSerializer.SerializeToElement(double.Parse(v, NumberStyles.Float, CultureInfo.InvariantCulture))).ToList());
            }

            double[] range = [double.Parse(Low, NumberStyles.Float, CultureInfo.InvariantCulture), double.Parse(High, NumberStyles.Float, CultureInfo.InvariantCulture)];
            return Kind switch
            {
                "uniform" => new SearchParameterRequest(Uniform: range),
                "logUniform" => new SearchParameterRequest(LogUniform: range),
                _ => new SearchParameterRequest(IntRange: range),
            };
        }

        private static List<string> Split(string text) => text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
    }
}
