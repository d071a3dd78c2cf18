using MlOpsPortal.Application.Datasets;

namespace MlOpsPortal.Infrastructure.Samples;

/// <summary>A dataset version of the sample project by name and version number.</summary>
public sealed record SampleDatasetVersion(string Name, int Version);

/// <summary>
/// What exists of the sample project so far (each member null until its step has run): the newest <c>sample-project</c>
/// job and its status, the train and test dataset versions, the training run, the registered model and version, and the
/// evaluation of that version on the test dataset.
/// </summary>
public sealed record SampleProjectState(
    Guid? JobId,
    string? JobStatus,
    SampleDatasetVersion? Train,
    SampleDatasetVersion? Test,
    string? RunId,
    string? Model,
    int? ModelVersion,
    Guid? EvaluationId);

/// <summary>Body of the 202 answer to <c>POST /api/v1/sample-project</c>: the job that loads the sample project.</summary>
public sealed record SampleProjectStarted(Guid JobId);

/// <summary>What a <c>sample-project</c> job carries: who asked (the datasets, run and model version are theirs).</summary>
public sealed record SampleProjectParameters(string RequesterName, string? RequesterUserId);

/// <summary>Configuration section <c>Samples</c>.</summary>
public sealed class SampleProjectOptions
{
    public const string SectionName = "Samples";

    /// <summary>
    /// Boosting rounds of the sample's training; null (the default) keeps the training defaults (200 rounds, early stopping
    /// after 20 without improvement). Tests lower it to stay fast on a loaded machine.
    /// </summary>
    public int? TrainingRounds { get; set; }
}

/// <summary>Names the sample project uses everywhere.</summary>
public static class SampleProject
{
    public const string JobKind = "sample-project";
    public const string TrainDataset = "adult-sample-train";
    public const string TestDataset = "adult-sample-test";
    public const string Experiment = "sample-project";
    public const string Model = "adult-income-sample";
    public const string Label = "income";
    public const string PositiveClass = ">50K";

    /// <summary>The 15 columns of UCI Adult (the files have no header row; the names come from adult.names).</summary>
    public static readonly IReadOnlyList<string> AdultColumns =
    [
        "age", "workclass", "fnlwgt", "education", "education-num", "marital-status", "occupation", "relationship", "race", "sex",
        "capital-gain", "capital-loss", "hours-per-week", "native-country", "income",
    ];

    /// <summary>
    /// How the bundled files are read: no header, the names above, UCI's ", " separator, <c>?</c> for missing values; the
    /// first line of adult.test (<c>|1x3 Cross validator</c>) is skipped as a leading comment, and its labels' trailing '.'
    /// is matched by the training's label normalisation.
    /// </summary>
    public static readonly CsvOptions AdultCsv = new()
    {
        HasHeader = false,
        Delimiter = ", ",
        ColumnNames = AdultColumns,
        LeadingCommentPrefix = "|",
    };
}
