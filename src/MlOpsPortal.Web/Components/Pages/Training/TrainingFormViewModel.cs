using System.Globalization;
using MlOpsPortal.Application.Jobs;
using MlOpsPortal.Infrastructure.Training;

namespace MlOpsPortal.Web.Components.Pages.Training;

/// <summary>The training form's fields; <see cref="ToRequest"/> builds the same request the REST API takes.</summary>
public sealed class TrainingFormViewModel
{
    public static readonly string[] ValidationChoices = ["holdout", "kfold", "none"];
    public static readonly string[] AlgorithmChoices = [.. TrainingAlgorithms.Names];
    public static readonly string[] ImbalanceChoices = ["none", "balancedWeights", "scalePosWeight", "randomOversample", "randomUndersample"];

    public string Experiment { get; set; } = "default";

    public string TrainName { get; set; } = string.Empty;

    public int TrainVersion { get; set; } = 1;

    public string TestName { get; set; } = string.Empty;

    public int TestVersion { get; set; } = 1;

    public string Label { get; set; } = string.Empty;

    public string PositiveClass { get; set; } = string.Empty;

    public string Validation { get; set; } = "holdout";

    public double Ratio { get; set; } = TrainingSpec.Defaults.HoldoutRatio;

    public int Folds { get; set; } = TrainingSpec.Defaults.Folds;

    /// <summary>gbtree, gblinear (XGBoost) or an ML.NET trainer; switching resets rounds and learning rate left at the old algorithm's default to the new one's.</summary>
    public string Algorithm
    {
        get => _algorithm;
        set
        {
            if (Rounds == DefaultRounds(_algorithm))
            {
                Rounds = DefaultRounds(value);
            }

            if (LearningRate.Equals(DefaultLearningRate(_algorithm)))
            {
                LearningRate = DefaultLearningRate(value);
            }

            _algorithm = value;
        }
    }

    private string _algorithm = "gbtree";

    /// <summary>Whether the algorithm takes a tree depth / a learning rate / a number of rounds (trees).</summary>
    public bool TakesMaxDepth => TrainingAlgorithms.Parameters(Algorithm).Contains("maxDepth");

    public bool TakesLearningRate => TrainingAlgorithms.Parameters(Algorithm).Contains("learningRate");

    public bool TakesRounds => TrainingAlgorithms.Parameters(Algorithm).Contains("rounds");

    /// <summary>The documented default number of rounds / trees of an algorithm.</summary>
    public static int DefaultRounds(string algorithm) => algorithm is "gbtree" or "gblinear" ? TrainingSpec.Defaults.Rounds : 100;

    /// <summary>The documented default learning rate (FastTree 0.2, LightGBM 0.1, XGBoost 0.1).</summary>
    public static double DefaultLearningRate(string algorithm) => algorithm == "fasttree" ? 0.2 : TrainingSpec.Defaults.LearningRate;

    public int Rounds { get; set; } = TrainingSpec.Defaults.Rounds;

    public int MaxDepth { get; set; } = TrainingSpec.Defaults.MaxDepth;

    public double LearningRate { get; set; } = TrainingSpec.Defaults.LearningRate;

    public int EarlyStoppingRounds { get; set; } = TrainingSpec.Defaults.EarlyStoppingRounds ?? 0;

    public string Imbalance { get; set; } = "none";

    public int Seed { get; set; } = TrainingSpec.Defaults.Seed;

    /// <summary>The request this form was cloned from: options the form does not show (features, threshold, …) are kept.</summary>
    public TrainingJobRequest? ClonedFrom { get; private set; }

    public TrainingJobRequest ToRequest()
    {
        var hyperparameters = (ClonedFrom?.Hyperparameters ?? new HyperparametersRequest()) with
        {
            Rounds = TakesRounds ? Rounds : null,
            MaxDepth = TakesMaxDepth ? MaxDepth : null,
            LearningRate = TakesLearningRate ? LearningRate : null,
        };
        var validation = (ClonedFrom?.Validation ?? new ValidationRequest()) with { Type = Validation, Ratio = Ratio, Folds = Folds };
        var built = new TrainingJobRequest(
            Experiment.Trim(),
            new DatasetRef(TrainName.Trim(), TrainVersion),
            Label.Trim(),
            string.IsNullOrWhiteSpace(TestName) ? null : new DatasetRef(TestName.Trim(), TestVersion),
            string.IsNullOrWhiteSpace(PositiveClass) ? null : PositiveClass.Trim(),
            Validation: validation,
            Algorithm: Algorithm,
            Hyperparameters: hyperparameters,
            EarlyStoppingRounds: EarlyStoppingRounds,
            Imbalance: Imbalance,
            Seed: Seed);
        return ClonedFrom is null ? built : ClonedFrom with
        {
            Experiment = built.Experiment,
            TrainDataset = built.TrainDataset,
            Label = built.Label,
            TestDataset = built.TestDataset,
            PositiveClass = built.PositiveClass,
            Validation = built.Validation,
            Algorithm = built.Algorithm,
            Hyperparameters = built.Hyperparameters,
            EarlyStoppingRounds = built.EarlyStoppingRounds,
            Imbalance = built.Imbalance,
            Seed = built.Seed,
        };
    }

    /// <summary>Fills the form from an earlier job's request (Clone); absent options take the documented defaults.</summary>
    public void CloneFrom(TrainingJobRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        ClonedFrom = request;
        Experiment = request.Experiment;
        TrainName = request.TrainDataset.Name;
        TrainVersion = request.TrainDataset.Version;
        TestName = request.TestDataset?.Name ?? string.Empty;
        TestVersion = request.TestDataset?.Version ?? 1;
        Label = request.Label;
        PositiveClass = request.PositiveClass ?? string.Empty;
        Validation = request.Validation?.Type is { } type && ValidationChoices.Contains(type) ? type : "holdout";
        Ratio = request.Validation?.Ratio ?? TrainingSpec.Defaults.HoldoutRatio;
        Folds = request.Validation?.Folds ?? TrainingSpec.Defaults.Folds;
        Algorithm = TrainingAlgorithms.Canonical(request.Algorithm) ?? "gbtree";
        Rounds = request.Hyperparameters?.Rounds ?? DefaultRounds(Algorithm);
        MaxDepth = request.Hyperparameters?.MaxDepth ?? TrainingSpec.Defaults.MaxDepth;
        LearningRate = request.Hyperparameters?.LearningRate ?? DefaultLearningRate(Algorithm);
        EarlyStoppingRounds = request.EarlyStoppingRounds ?? TrainingSpec.Defaults.EarlyStoppingRounds ?? 0;
        Imbalance = request.Imbalance is { } imbalance && ImbalanceChoices.Contains(imbalance) ? imbalance : "none";
        Seed = request.Seed ?? TrainingSpec.Defaults.Seed;
    }

    /// <summary>
    /// Inline messages in the user's words, keyed by field (<see cref="Fields"/>); empty when the form can be sent. The
    /// service checks the rest (does the dataset version exist, is the label a column) and <see cref="FieldOf"/> places
    /// its answer under the field it is about.
    /// </summary>
    public Dictionary<string, string> Validate()
    {
        var errors = new Dictionary<string, string>(StringComparer.Ordinal);
        if (string.IsNullOrWhiteSpace(Experiment))
        {
            errors[Fields.Experiment] = "Name the experiment the run is logged to, e.g. adult.";
        }

        if (string.IsNullOrWhiteSpace(TrainName))
        {
            errors[Fields.TrainDataset] = "Choose the dataset to train on.";
        }

        if (TrainVersion < 1)
        {
            errors[Fields.TrainVersion] = "Versions start at 1.";
        }

        if (!string.IsNullOrWhiteSpace(TestName) && TestVersion < 1)
        {
            errors[Fields.TestVersion] = "Versions start at 1.";
        }

        if (string.IsNullOrWhiteSpace(Label))
        {
            errors[Fields.Label] = "Choose the column the model predicts.";
        }

        if (Validation == "holdout" && Ratio is <= 0 or >= 1)
        {
            errors[Fields.Ratio] = "The held-out share is between 0 and 1, e.g. 0.2 for 20 %.";
        }

        if (Validation == "kfold" && Folds is < 2 or > 20)
        {
            errors[Fields.Folds] = "Between 2 and 20 folds.";
        }

        if (TakesRounds && Rounds is < 1 or > 10_000)
        {
            errors[Fields.Rounds] = "Between 1 and 10,000 boosting rounds.";
        }

        if (TakesMaxDepth && MaxDepth is < 1 or > 20)
        {
            errors[Fields.MaxDepth] = "A tree depth between 1 and 20.";
        }

        if (TakesLearningRate && LearningRate is <= 0 or > 1)
        {
            errors[Fields.LearningRate] = "A learning rate above 0 and at most 1, e.g. 0.1.";
        }

        if (EarlyStoppingRounds < 0)
        {
            errors[Fields.EarlyStopping] = "0 turns early stopping off; otherwise a positive number of rounds.";
        }

        return errors;
    }

    /// <summary>The form field a service refusal is about (by the API name it quotes), or null for a form-wide message.</summary>
    public static string? FieldOf(string message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return message.Contains("'trainDataset'", StringComparison.Ordinal) || message.Contains("training dataset", StringComparison.OrdinalIgnoreCase) ? Fields.TrainDataset
            : message.Contains("'testDataset'", StringComparison.Ordinal) || message.Contains("test dataset", StringComparison.OrdinalIgnoreCase) ? Fields.TestDataset
            : message.Contains("'positiveClass'", StringComparison.Ordinal) || message.Contains("positive class", StringComparison.OrdinalIgnoreCase) ? Fields.PositiveClass
            : message.Contains("'label'", StringComparison.Ordinal) || message.Contains("label column", StringComparison.OrdinalIgnoreCase) ? Fields.Label
            : message.Contains("'experiment'", StringComparison.Ordinal) ? Fields.Experiment
            : null;
    }

    /// <summary>Field keys of the validation messages.</summary>
    public static class Fields
    {
        public const string Experiment = "experiment";
        public const string TrainDataset = "train-dataset";
        public const string TrainVersion = "train-version";
        public const string TestDataset = "test-dataset";
        public const string TestVersion = "test-version";
        public const string Label = "label";
        public const string PositiveClass = "positive";
        public const string Ratio = "ratio";
        public const string Folds = "folds";
        public const string Rounds = "rounds";
        public const string MaxDepth = "max-depth";
        public const string LearningRate = "learning-rate";
        public const string EarlyStopping = "early-stopping";
    }
}

/// <summary>
/// Live state of one submitted training job, fed by pushed <see cref="JobDto"/> changes: status, progress, step, and the
/// per-round validation curve rebuilt from the job's round log lines (<see cref="TrainingProgressLine"/>).
/// </summary>
public sealed class TrainingProgressViewModel(Guid jobId, string runId)
{
    private readonly SortedDictionary<int, double> _curve = [];

    public Guid JobId { get; } = jobId;

    public string RunId { get; } = runId;

    public JobStatus Status { get; private set; } = JobStatus.Queued;

    public double Progress { get; private set; }

    public string? Step { get; private set; }

    public string? Error { get; private set; }

    /// <summary>The metric the curve shows: validation AUC for binary tasks, else the first validation metric seen.</summary>
    public string? CurveMetric { get; private set; }

    public IReadOnlyList<CurvePoint> Curve { get; private set; } = [];

    public TrainedModelDto? Model { get; set; }

    /// <summary>Applies a pushed change; false when it is another job's.</summary>
    public bool Apply(JobDto job)
    {
        ArgumentNullException.ThrowIfNull(job);
        if (job.Id != JobId)
        {
            return false;
        }

        Status = job.Status;
        Progress = job.Progress;
        Step = job.Step;
        Error = job.Error;
        foreach (var line in job.Log)
        {
            if (TrainingProgressLine.Parse(line) is not { } round)
            {
                continue;
            }

            CurveMetric ??= round.Values.Keys.FirstOrDefault(k => k == "validation_auc") ?? round.Values.Keys.FirstOrDefault(k => k.StartsWith("validation_", StringComparison.Ordinal));
            if (CurveMetric is not null && round.Values.TryGetValue(CurveMetric, out var value))
            {
                _curve[round.Round] = value;
            }
        }

        Curve = _curve.Select(p => new CurvePoint(p.Key, p.Value)).ToList();
        return true;
    }

    public string LatestValue => Curve.Count == 0 ? "n/a" : Curve[^1].Value.ToString("0.0000", CultureInfo.InvariantCulture);

    public sealed record CurvePoint(int Round, double Value);
}
