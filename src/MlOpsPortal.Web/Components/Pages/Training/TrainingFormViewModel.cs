using System.Globalization;
using MlOpsPortal.Application.Jobs;
using MlOpsPortal.Infrastructure.Training;

namespace MlOpsPortal.Web.Components.Pages.Training;

/// <summary>The training form's fields; <see cref="ToRequest"/> builds the same request the REST API takes.</summary>
public sealed class TrainingFormViewModel
{
    public static readonly string[] ValidationChoices = ["holdout", "kfold", "none"];
    public static readonly string[] AlgorithmChoices = ["gbtree", "gblinear"];
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

    public string Algorithm { get; set; } = "gbtree";

    public int Rounds { get; set; } = TrainingSpec.Defaults.Rounds;

    public int MaxDepth { get; set; } = TrainingSpec.Defaults.MaxDepth;

    public double LearningRate { get; set; } = TrainingSpec.Defaults.LearningRate;

    public int EarlyStoppingRounds { get; set; } = TrainingSpec.Defaults.EarlyStoppingRounds ?? 0;

    public string Imbalance { get; set; } = "none";

    public int Seed { get; set; } = TrainingSpec.Defaults.Seed;

    public TrainingJobRequest ToRequest() => new(
        Experiment.Trim(),
        new DatasetRef(TrainName.Trim(), TrainVersion),
        Label.Trim(),
        string.IsNullOrWhiteSpace(TestName) ? null : new DatasetRef(TestName.Trim(), TestVersion),
        string.IsNullOrWhiteSpace(PositiveClass) ? null : PositiveClass.Trim(),
        Validation: new ValidationRequest(Validation, Ratio, Folds),
        Algorithm: Algorithm,
        Hyperparameters: new HyperparametersRequest(Rounds, MaxDepth, LearningRate),
        EarlyStoppingRounds: EarlyStoppingRounds,
        Imbalance: Imbalance,
        Seed: Seed);
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
