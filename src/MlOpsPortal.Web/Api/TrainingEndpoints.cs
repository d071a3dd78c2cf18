using System.Globalization;
using MlOpsPortal.Infrastructure.Training;
using MlOpsPortal.Web.Auth;

namespace MlOpsPortal.Web.Api;

/// <summary>
/// REST for training: <c>POST /api/v1/training-jobs</c> (Write) validates the request against the data and queues a
/// <c>training</c> job → 202 <c>{"jobId","runId"}</c>; a bad request gets 400 (404 for an unknown dataset version) and
/// nothing is queued. <c>GET /api/v1/training-jobs/{jobId}</c> (Read) → the job and, once finished, the trained model
/// (package hash, params, metrics, per-round history, feature importance).
/// </summary>
public static class TrainingEndpoints
{
    public static void MapTrainingEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/training-jobs").WithTags("Training").WithPortalProblems();
        group.MapPost("/", async (TrainingJobRequest body, HttpContext http, TrainingJobService training, CancellationToken ct) =>
        {
            var submitted = await training.SubmitAsync(body, CurrentActor.From(http.User), ct);
            return submitted.IsSuccess
                ? Results.Accepted($"/api/v1/training-jobs/{submitted.Value.JobId}", submitted.Value)
                : Problems.From(submitted.Error);
        }).WithSummary("Queue a training job; 202 {jobId, runId}. The request is checked against the data first (400/404, nothing queued).")
          .WithDescription(RequestFields).RequireAuthorization(Policies.Write)
          .WithName("submitTrainingJob").Returns<TrainingSubmitted>(StatusCodes.Status202Accepted).Problems(StatusCodes.Status404NotFound);
        group.MapGet("/{jobId:guid}", async (Guid jobId, Application.Jobs.IJobQueries jobs, TrainingJobService training, CancellationToken ct) =>
        {
            var job = await jobs.GetAsync(jobId, ct);
            if (job is null || job.Kind != TrainingIds.TrainingKind)
            {
                return Problems.From(Domain.Common.Error.NotFound($"Training job {jobId} does not exist."));
            }

            return Results.Ok(new TrainingJobView(job, RunIdOf(job), await training.GetAsync(jobId, ct)));
        }).RequireAuthorization(Policies.Read).WithName("getTrainingJob").Returns<TrainingJobView>().Problems(StatusCodes.Status404NotFound);

        app.MapPost("/api/v1/hpo-jobs", async (HpoJobRequest body, HttpContext http, HpoService hpo, CancellationToken ct) =>
        {
            var submitted = await hpo.SubmitAsync(body, CurrentActor.From(http.User), ct);
            return submitted.IsSuccess
                ? Results.Accepted($"/api/v1/jobs/{submitted.Value.JobId}", submitted.Value)
                : Problems.From(submitted.Error);
        }).WithTags("Training")
          .WithSummary("Queue a hyperparameter search (grid or random): each trial a training job and a child run of the search's run; 202 {jobId, runId, trials}.")
          .WithDescription("Body: {training: <a training-jobs request>, search: {strategy random|grid, trials (20), parameters: {maxDepth: {intRange:[3,8]}, " +
              "learningRate: {logUniform:[0.01,0.3]}, subsample: {uniform:[0.6,1]}, rounds: {values:[50,100]}}, metric (validation_roc_auc), " +
              "direction maximize|minimize, parallelism 1-4 (1), seed (42)}}. The parent run logs best_<metric>, best_<param> and the tag mlops.best_trial_run_id.")
          .RequireAuthorization(Policies.Write).WithName("submitHpoJob").Returns<HpoSubmitted>(StatusCodes.Status202Accepted)
          .WithPortalProblems().Problems(StatusCodes.Status404NotFound);
    }

    private static readonly string RequestFields = string.Create(
        CultureInfo.InvariantCulture,
        $"Required: experiment (created when absent), trainDataset {{name, version}}, label. Optional: testDataset {{name, version}}; " +
        $"positiveClass; task auto|binary|multiclass|regression; features (default all but the label); excluded; " +
        $"validation {{type: holdout|kfold|dataset|none, ratio ({D.HoldoutRatio}), folds ({D.Folds}), dataset {{name, version}}}}; algorithm gbtree|gblinear; " +
        $"hyperparameters {{rounds {D.Rounds}, maxDepth {D.MaxDepth}, learningRate {D.LearningRate}, subsample {D.Subsample}, colsampleByTree {D.ColsampleByTree}, " +
        $"minChildWeight {D.MinChildWeight}, lambda {D.Lambda}, alpha {D.Alpha}}}; " +
        $"earlyStoppingRounds ({D.EarlyStoppingRounds}; 0 = off); imbalance none|balancedWeights|scalePosWeight|randomOversample|randomUndersample; seed ({D.Seed}); threshold ({D.Threshold}).");

    private static TrainingSpec D => TrainingSpec.Defaults;

    private static string? RunIdOf(Application.Jobs.JobDto job) =>
        job.Parameters is { } p && p.TryGetProperty("runId", out var id) ? id.GetString() : null;

    /// <summary>A training job with its run id and, once it succeeded, its trained model.</summary>
    public sealed record TrainingJobView(Application.Jobs.JobDto Job, string? RunId, TrainedModelDto? Model);
}
