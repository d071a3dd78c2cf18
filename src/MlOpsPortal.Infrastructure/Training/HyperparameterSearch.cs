using System.Globalization;
using System.Text.Json;
using MlOpsPortal.Domain.Common;
using MlOpsPortal.Domain.Training;

namespace MlOpsPortal.Infrastructure.Training;

/// <summary>
/// One searched hyperparameter: <c>values</c> (a list), <c>uniform</c> [low, high], <c>logUniform</c> [low, high] or
/// <c>intRange</c> [low, high] (inclusive). Exactly one of them. <c>algorithm</c> is searchable too (<c>values</c>), and a
/// hyperparameter may be scoped to one algorithm as <c>"lightgbm.numberOfLeaves"</c>: each algorithm then has its own space.
/// </summary>
public sealed record SearchParameterRequest(IReadOnlyList<JsonElement>? Values = null, double[]? Uniform = null, double[]? LogUniform = null, double[]? IntRange = null);

/// <summary>
/// The search of <c>POST /api/v1/hpo-jobs</c>: <c>strategy</c> random (default) or grid; <c>trials</c> (random, default
/// 20, at most 200); <c>parameters</c> keyed by the training request's hyperparameter names (rounds, maxDepth,
/// learningRate, subsample, colsampleByTree, minChildWeight, lambda, alpha); <c>metric</c> (default
/// validation_roc_auc, or test_roc_auc without a holdout) and <c>direction</c> maximize|minimize (default: minimize for
/// names containing "loss" or "error", else maximize); <c>parallelism</c> (trials at once, 1–4, default 1: XGBoost already
/// uses every core); <c>seed</c> (default 42).
/// </summary>
public sealed record SearchRequest(
    string? Strategy = null,
    int? Trials = null,
    Dictionary<string, SearchParameterRequest>? Parameters = null,
    string? Metric = null,
    string? Direction = null,
    int? Parallelism = null,
    int? Seed = null);

/// <summary>Body of <c>POST /api/v1/hpo-jobs</c>: the base training request and the search.</summary>
public sealed record HpoJobRequest(TrainingJobRequest? Training, SearchRequest? Search);

public sealed record HpoSubmitted(Guid JobId, string RunId, int Trials);

/// <summary>A resolved search, as the job carries it.</summary>
public sealed record HpoPlan(string Strategy, string Metric, bool Maximize, int Parallelism, IReadOnlyList<IReadOnlyDictionary<string, string>> Trials);

public sealed record HpoJobParameters(TrainingJobRequest Training, HpoPlan Plan, string ParentRunId);

/// <summary>Turns a search request into trials and trial requests.</summary>
public static class HyperparameterSearch
{
    public const int MaxTrials = 200;

    private static readonly string[] Known = [.. TrainingAlgorithms.AllParameters, "algorithm"];

    /// <summary>Whether <paramref name="name"/> is searchable: a hyperparameter, <c>algorithm</c>, or <c>algorithm.hyperparameter</c>.</summary>
    private static bool IsKnown(string name) => name.Split('.') switch
    {
        [var plain] => Known.Contains(plain, StringComparer.Ordinal),
        [var algorithm, var parameter] => TrainingAlgorithms.Names.Contains(algorithm, StringComparer.Ordinal) && TrainingAlgorithms.Parameters(algorithm).Contains(parameter, StringComparer.Ordinal),
        _ => false,
    };

    public static Result<HpoPlan> Plan(TrainingJobRequest training, SearchRequest? search)
    {
        ArgumentNullException.ThrowIfNull(training);
        if (search?.Parameters is not { Count: > 0 } parameters)
        {
            return Error.Invalid("'search.parameters' must name at least one hyperparameter to vary, e.g. {\"maxDepth\":{\"intRange\":[3,8]}}.");
        }

        var domains = new List<ParameterDomain>();
        foreach (var (name, p) in parameters)
        {
            if (!IsKnown(name))
            {
                return Error.Invalid($"'{name}' is not a searchable hyperparameter ({string.Join(", ", Known)}, or 'algorithm.hyperparameter' such as 'lightgbm.numberOfLeaves').");
            }

            if (name == "algorithm" && (p.Values is null || p.Values.Any(v => v.ValueKind != JsonValueKind.String || TrainingAlgorithms.Canonical(v.GetString()) is null)))
            {
                return Error.Invalid($"'search.parameters.algorithm' needs 'values' from {string.Join(", ", TrainingAlgorithms.Names)}.");
            }

            var given = new object?[] { p.Values, p.Uniform, p.LogUniform, p.IntRange }.Count(x => x is not null);
            if (given != 1)
            {
                return Error.Invalid($"Hyperparameter '{name}' needs exactly one of values, uniform, logUniform or intRange.");
            }

            if ((p.Uniform ?? p.LogUniform ?? p.IntRange) is { } range && range.Length != 2)
            {
                return Error.Invalid($"Hyperparameter '{name}': a range is [low, high].");
            }

            domains.Add(p switch
            {
                { Values: { } values } => new ParameterDomain(name, ParameterKind.Choice, values.Select(v => v.ValueKind == JsonValueKind.String ? v.GetString()! : v.GetRawText()).ToList()),
                { Uniform: { } u } => new ParameterDomain(name, ParameterKind.Uniform, Low: u[0], High: u[1]),
                { LogUniform: { } l } => new ParameterDomain(name, ParameterKind.LogUniform, Low: l[0], High: l[1]),
                _ => new ParameterDomain(name, ParameterKind.IntRange, Low: p.IntRange![0], High: p.IntRange[1]),
            });
        }

        var strategy = (search.Strategy ?? "random").Trim().ToLowerInvariant();
        var trials = strategy switch
        {
            "random" => search.Trials is { } n && n > MaxTrials
                ? Error.Invalid($"'search.trials' must be between 1 and {MaxTrials}.")
                : SearchSpace.Random(domains, search.Trials ?? 20, search.Seed ?? 42),
            "grid" => SearchSpace.Grid(domains, MaxTrials + 1),
            _ => Error.Invalid($"'search.strategy' must be random or grid, not '{search.Strategy}'."),
        };
        if (!trials.IsSuccess)
        {
            return trials.Error;
        }

        if (parameters.ContainsKey("algorithm") || parameters.Keys.Any(k => k.Contains('.', StringComparison.Ordinal)))
        {
            // Each trial keeps only what applies to its algorithm; a grid then has duplicates, which are dropped.
            trials = trials.Value
                .Select(t => (IReadOnlyDictionary<string, string>)Scoped(training, t))
                .DistinctBy(t => string.Join("\n", t.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => kv.Key + "=" + kv.Value)))
                .ToList();
        }

        if (trials.Value.Count > MaxTrials)
        {
            return Error.Invalid($"The grid has more than {MaxTrials} points; narrow it or use random search.");
        }

        var metric = string.IsNullOrWhiteSpace(search.Metric)
            ? training.TestDataset is not null && training.Validation?.Type is "none" ? "test_roc_auc" : "validation_roc_auc"
            : search.Metric.Trim();
        var direction = (search.Direction ?? (metric.Contains("loss", StringComparison.Ordinal) || metric.Contains("error", StringComparison.Ordinal) ? "minimize" : "maximize")).Trim().ToLowerInvariant();
        if (direction is not ("maximize" or "minimize"))
        {
            return Error.Invalid("'search.direction' must be maximize or minimize.");
        }

        var parallelism = search.Parallelism ?? 1;
        if (parallelism is < 1 or > 4)
        {
            return Error.Invalid("'search.parallelism' must be between 1 and 4.");
        }

        // Every trial must itself be a valid training request.
        foreach (var trial in trials.Value)
        {
            if (Apply(training, trial).ToSpec() is { IsSuccess: false } bad)
            {
                return Error.Invalid($"Trial {string.Join(", ", trial.Select(kv => $"{kv.Key}={kv.Value}"))} is not a valid training request: {bad.Error.Message}");
            }
        }

        return new HpoPlan(strategy, metric, direction == "maximize", parallelism, trials.Value);
    }

    /// <summary>
    /// The base request with the trial's algorithm and hyperparameters in place. A scoped name (<c>lightgbm.numberOfLeaves</c>)
    /// applies only when the trial's algorithm is that one; when the trial sets the algorithm, the base request's
    /// hyperparameters that the algorithm does not take are dropped.
    /// </summary>
    public static TrainingJobRequest Apply(TrainingJobRequest training, IReadOnlyDictionary<string, string> trial)
    {
        ArgumentNullException.ThrowIfNull(training);
        ArgumentNullException.ThrowIfNull(trial);
        var algorithm = TrainingAlgorithms.Canonical(trial.TryGetValue("algorithm", out var a) ? a : training.Algorithm) ?? "gbtree";
        var allowed = TrainingAlgorithms.Parameters(algorithm);
        var h = training.Hyperparameters ?? new HyperparametersRequest();
        var reset = trial.ContainsKey("algorithm");
        string? Value(string name) =>
            trial.TryGetValue($"{algorithm}.{name}", out var scoped) ? scoped
            : trial.TryGetValue(name, out var plain) && allowed.Contains(name, StringComparer.Ordinal) ? plain
            : null;
        double? D(string name, double? current) => Value(name) is { } v ? double.Parse(v, CultureInfo.InvariantCulture) : Keep(name, current);
        int? I(string name, int? current) => Value(name) is { } v ? (int)Math.Round(double.Parse(v, CultureInfo.InvariantCulture)) : Keep(name, current);
        T? Keep<T>(string name, T? current)
            where T : struct => reset && !allowed.Contains(name, StringComparer.Ordinal) ? null : current;
        return training with
        {
            Algorithm = reset ? algorithm : training.Algorithm,
            Hyperparameters = h with
            {
                Rounds = I("rounds", h.Rounds),
                MaxDepth = I("maxDepth", h.MaxDepth),
                LearningRate = D("learningRate", h.LearningRate),
                Subsample = D("subsample", h.Subsample),
                ColsampleByTree = D("colsampleByTree", h.ColsampleByTree),
                MinChildWeight = D("minChildWeight", h.MinChildWeight),
                Lambda = D("lambda", h.Lambda),
                Alpha = D("alpha", h.Alpha),
                NumberOfLeaves = I("numberOfLeaves", h.NumberOfLeaves),
                MinimumExampleCountPerLeaf = I("minimumExampleCountPerLeaf", h.MinimumExampleCountPerLeaf),
                L1Regularization = D("l1Regularization", h.L1Regularization),
                L2Regularization = D("l2Regularization", h.L2Regularization),
                MaximumNumberOfIterations = I("maximumNumberOfIterations", h.MaximumNumberOfIterations),
            },
        };
    }

    /// <summary>The trial without the entries that do not apply to its algorithm (so params and results show only what was used).</summary>
    private static Dictionary<string, string> Scoped(TrainingJobRequest training, IReadOnlyDictionary<string, string> trial)
    {
        var algorithm = TrainingAlgorithms.Canonical(trial.TryGetValue("algorithm", out var a) ? a : training.Algorithm) ?? "gbtree";
        var allowed = TrainingAlgorithms.Parameters(algorithm);
        return trial
            .Where(kv => kv.Key == "algorithm"
                || (kv.Key.Split('.') is [var scope, var name] ? scope == algorithm && allowed.Contains(name, StringComparer.Ordinal) : allowed.Contains(kv.Key, StringComparer.Ordinal)))
            .ToDictionary(kv => kv.Key, kv => kv.Key == "algorithm" ? algorithm : kv.Value, StringComparer.Ordinal);
    }

    /// <summary>The id of trial <paramref name="index"/> of search job <paramref name="searchJobId"/>: stable, so a re-run finds it.</summary>
    public static Guid TrialJobId(Guid searchJobId, int index)
    {
        Span<byte> input = stackalloc byte[20];
        searchJobId.TryWriteBytes(input);
        BitConverter.TryWriteBytes(input[16..], index);
        var hash = System.Security.Cryptography.SHA256.HashData(input);
        return new Guid(hash.AsSpan(0, 16));
    }
}
