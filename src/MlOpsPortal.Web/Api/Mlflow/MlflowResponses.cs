namespace MlOpsPortal.Web.Api.Mlflow;

// The bodies the MLflow tracking endpoints write (anonymous objects through MlflowJson.Ok), named for the OpenAPI
// document. Property names are snake_cased there as on the wire (OpenApiSetup), like the request records in MlflowContracts.

public sealed record MlflowCreateExperimentResponse(string ExperimentId);

public sealed record MlflowExperimentResponse(MlflowExperiment Experiment);

public sealed record MlflowExperimentsPage(IReadOnlyList<MlflowExperiment> Experiments, string? NextPageToken);

public sealed record MlflowRunResponse(MlflowRun Run);

public sealed record MlflowUpdateRunResponse(MlflowRunInfo RunInfo);

public sealed record MlflowRunsPage(IReadOnlyList<MlflowRun> Runs, string? NextPageToken);

public sealed record MlflowMetricHistoryPage(IReadOnlyList<MlflowMetric> Metrics, string? NextPageToken);

/// <summary><c>GET /api/2.0/mlflow/artifacts/list</c>: <c>files</c> is absent for an empty directory, as in MLflow.</summary>
public sealed record MlflowArtifactList(string RootUri, IReadOnlyList<MlflowFileInfo>? Files);

/// <summary>The artifact proxy's listing: <c>files</c> is absent for an empty directory.</summary>
public sealed record MlflowArtifactFiles(IReadOnlyList<MlflowFileInfo>? Files);
