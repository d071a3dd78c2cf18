namespace MlOpsPortal.Web.Components.Pages.Training;

/// <summary>Element ids of the training fields: the training and search pages share one set, the recipe form another.</summary>
public sealed record TrainingFieldIds(
    string Experiment, string TrainDataset, string TrainVersion, string TestDataset, string TestVersion, string Label, string PositiveClass,
    string Validation, string Ratio, string Folds, string Algorithm, string Rounds, string MaxDepth, string LearningRate, string EarlyStopping,
    string Imbalance, string Seed)
{
    public static TrainingFieldIds Training { get; } = new(
        "train-experiment", "train-dataset", "train-version", "test-dataset", "test-version", "train-label", "train-positive",
        "train-validation", "train-ratio", "train-folds", "train-algorithm", "train-rounds", "train-depth", "train-eta", "train-early",
        "train-imbalance", "train-seed");

    public static TrainingFieldIds Recipe { get; } = new(
        "recipe-experiment", "recipe-dataset", "recipe-version", "recipe-test", "recipe-test-version", "recipe-label", "recipe-positive",
        "recipe-validation", "recipe-ratio", "recipe-folds", "recipe-algorithm", "recipe-rounds", "recipe-depth", "recipe-eta", "recipe-early",
        "recipe-imbalance", "recipe-seed");
}
