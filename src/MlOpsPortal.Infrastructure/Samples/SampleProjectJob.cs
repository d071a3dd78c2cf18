using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MlOpsPortal.Application.Audit;
using MlOpsPortal.Application.Datasets;
using MlOpsPortal.Application.Jobs;
using MlOpsPortal.Domain.Common;
using MlOpsPortal.Infrastructure.Evaluation;
using MlOpsPortal.Infrastructure.Registry;
using MlOpsPortal.Infrastructure.Training;

namespace MlOpsPortal.Infrastructure.Samples;

/// <summary>
/// The <c>sample-project</c> job: (1) uploads adult.data and adult.test as <c>adult-sample-train</c> and
/// <c>adult-sample-test</c> (identical content is the existing version), (2) trains XGBoost (gbtree, the documented
/// defaults) on them in experiment <c>sample-project</c>, (3) registers the run's model as <c>adult-income-sample</c>,
/// (4) evaluates that version on the test dataset. Before each step it looks for that step's result (or a job of an
/// earlier attempt still on its way) and reuses it, so a second run, or a re-run after a node died, does nothing twice.
/// A failed step fails the job with a message that names the step.
/// </summary>
internal sealed partial class SampleProjectJob(
    IDatasetCatalog catalog, TrainingJobService training, RegistryService registry, EvaluationService evaluations,
    SampleProjectLookup lookup, SampleFiles files, IOptions<SampleProjectOptions> options, IJobQueries jobs, TimeProvider time,
    ILogger<SampleProjectJob> logger) : IJobHandler
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(250);

    public async Task<Result<string?>> RunAsync(IJobContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var parameters = context.GetParameters<SampleProjectParameters>();
        var actor = new Actor(parameters.RequesterName, parameters.RequesterUserId);
        using var scope = logger.BeginScope(new Dictionary<string, object> { ["JobId"] = context.JobId });

        context.ReportProgress(0, "Step 1 of 4: importing the Adult datasets");
        var train = await ImportAsync(context, SampleProject.TrainDataset, files.Train, actor, cancellationToken);
        var test = train.IsSuccess ? await ImportAsync(context, SampleProject.TestDataset, files.Test, actor, cancellationToken) : default;
        if (!train.IsSuccess || !test.IsSuccess)
        {
            return Failed(1, "importing the datasets", (train.Error ?? test.Error)!);
        }

        context.ReportProgress(10, "Step 2 of 4: training XGBoost on " + train.Value);
        var trained = await TrainAsync(context, train.Value, test.Value, actor, cancellationToken);
        if (!trained.IsSuccess)
        {
            return Failed(2, "training", trained.Error);
        }

        context.ReportProgress(75, $"Step 3 of 4: registering run {trained.Value.RunId} as '{SampleProject.Model}'");
        var version = await RegisterAsync(context, trained.Value.RunId, actor, cancellationToken);
        if (!version.IsSuccess)
        {
            return Failed(3, "registering the model", version.Error);
        }

        context.ReportProgress(80, $"Step 4 of 4: evaluating {SampleProject.Model} v{version.Value} on {test.Value}");
        var evaluation = await EvaluateAsync(context, trained.Value.JobId, version.Value, test.Value, actor, cancellationToken);
        if (!evaluation.IsSuccess)
        {
            return Failed(4, "evaluating the model", evaluation.Error);
        }

        context.ReportProgress(100, "Sample project ready");
        var summary = $"Sample project ready: datasets {train.Value} and {test.Value}, run {trained.Value.RunId} in experiment " +
            $"'{SampleProject.Experiment}', model {SampleProject.Model} v{version.Value}, evaluation {evaluation.Value}.";
        context.Log(summary);
        LogReady(train.Value.ToString(), trained.Value.RunId, version.Value, evaluation.Value);
        return summary;
    }

    private async Task<Result<DatasetRef>> ImportAsync(IJobContext context, string name, string path, Actor actor, CancellationToken cancellationToken)
    {
        if (!File.Exists(path))
        {
            return Error.NotFound($"The bundled file {path} is missing: the portal looks for samples/datasets/adult/ under its content root.");
        }

        Result<UploadOutcome> uploaded;
        await using (var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true))
        {
            uploaded = await catalog.UploadAsync(name, file, SampleProject.AdultCsv, actor, cancellationToken);
        }

        if (!uploaded.IsSuccess)
        {
            return uploaded.Error;
        }

        var version = uploaded.Value.Version;
        if (!version.Columns.Any(c => c.Name == SampleProject.Label))
        {
            // The same bytes were uploaded under this name before with other column names; that version is what an upload returns.
            return Error.InvalidState($"'{name}' version {version.Version} holds {Path.GetFileName(path)} but without a column '{SampleProject.Label}' " +
                $"(its columns: {string.Join(", ", version.Columns.Take(3).Select(c => c.Name))}, ...). Rename or delete that dataset and load the sample again.");
        }

        var reference = new DatasetRef(name, version.Version);
        context.Log(uploaded.Value.Created
            ? $"Uploaded {Path.GetFileName(path)} as {reference} ({version.Rows.ToString(CultureInfo.InvariantCulture)} rows)."
            : $"{Path.GetFileName(path)} is already {reference}: reused.");
        return reference;
    }

    private async Task<Result<(Guid JobId, string RunId)>> TrainAsync(IJobContext context, DatasetRef train, DatasetRef test, Actor actor, CancellationToken cancellationToken)
    {
        if (await lookup.TrainedAsync(train, test, cancellationToken) is { } existing)
        {
            context.Log($"Run {existing.RunId} of experiment '{SampleProject.Experiment}' already has a model trained on {train}: reused.");
            return (existing.JobId, existing.RunId);
        }

        var jobId = await lookup.PendingTrainingAsync(train, test, cancellationToken);
        if (jobId is null)
        {
            var rounds = options.Value.TrainingRounds is { } r ? new HyperparametersRequest(Rounds: r) : null;
            var request = new TrainingJobRequest(SampleProject.Experiment, train, SampleProject.Label, test, SampleProject.PositiveClass,
                Algorithm: "gbtree", Hyperparameters: rounds);
            if (await training.ValidateAsync(request, cancellationToken) is { } invalid)
            {
                return invalid;
            }

            var queued = await training.EnqueueAsync(request, actor, Guid.CreateVersion7(time.GetUtcNow()), null, "Adult income (sample)", cancellationToken);
            if (!queued.IsSuccess)
            {
                return queued.Error;
            }

            jobId = queued.Value.JobId;
            context.Log($"Training job {jobId} queued (run {queued.Value.RunId}).");
        }
        else
        {
            context.Log($"Training job {jobId} of an earlier attempt is still on its way: waiting for it.");
        }

        var done = await WaitAsync(context, jobId.Value, 10, 75, "Step 2 of 4: training", cancellationToken);
        if (done.Status != JobStatus.Succeeded)
        {
            return Error.InvalidState($"The training job {jobId} ended {done.Status}{(done.Error is null ? "." : ": " + done.Error)}");
        }

        var model = await training.GetAsync(jobId.Value, cancellationToken);
        if (model is null)
        {
            return Error.InvalidState($"The training job {jobId} succeeded but stored no model.");
        }

        var auc = model.Metrics.TryGetValue("test_roc_auc", out var value) ? $" (test AUC {value.ToString("0.####", CultureInfo.InvariantCulture)})" : string.Empty;
        context.Log($"Trained run {model.RunId}{auc}.");
        return (model.JobId, model.RunId);
    }

    private async Task<Result<int>> RegisterAsync(IJobContext context, string runId, Actor actor, CancellationToken cancellationToken)
    {
        if (await lookup.RegisteredVersionAsync(runId, cancellationToken) is { } existing)
        {
            context.Log($"Run {runId} is already {SampleProject.Model} v{existing}: reused.");
            return existing;
        }

        var caller = new RegistryCaller(actor.UserId ?? string.Empty, actor.Name, IsAdmin: false, IsApprover: false, CanWrite: true);
        if (!(await registry.GetModelAsync(SampleProject.Model, cancellationToken)).IsSuccess)
        {
            var created = await registry.CreateModelAsync(caller, new CreateModel(SampleProject.Model,
                "Predicts whether a person's income exceeds $50K a year from the 1994 US census (UCI Adult): the portal's sample project.",
                null, new Dictionary<string, string> { ["sample"] = "true" }), cancellationToken);
            if (!created.IsSuccess && created.Error.Code != ErrorCode.AlreadyExists)
            {
                return created.Error;
            }

            context.Log($"Registered model '{SampleProject.Model}' created.");
        }

        var version = await registry.CreateVersionFromRunAsync(caller, SampleProject.Model, runId, cancellationToken);
        if (!version.IsSuccess)
        {
            return version.Error;
        }

        context.Log($"Registered run {runId} as {SampleProject.Model} v{version.Value.Version}.");
        return version.Value.Version;
    }

    private async Task<Result<Guid>> EvaluateAsync(IJobContext context, Guid modelJob, int version, DatasetRef test, Actor actor, CancellationToken cancellationToken)
    {
        if (await lookup.EvaluationAsync(modelJob, test.ToString(), cancellationToken) is { } existing)
        {
            context.Log($"Evaluation {existing} of this model on {test} exists: reused.");
            return existing;
        }

        var jobId = await lookup.PendingEvaluationAsync(modelJob, test, cancellationToken);
        if (jobId is null)
        {
            var submitted = await evaluations.SubmitAsync(new EvaluationRequest(null, test, null, new RegisteredVersionRef(SampleProject.Model, version)), actor, cancellationToken);
            if (!submitted.IsSuccess)
            {
                return submitted.Error;
            }

            jobId = submitted.Value.JobId;
            context.Log($"Evaluation job {jobId} queued.");
        }

        var done = await WaitAsync(context, jobId.Value, 80, 100, $"Step 4 of 4: evaluating on {test}", cancellationToken);
        if (done.Status != JobStatus.Succeeded)
        {
            return Error.InvalidState($"The evaluation job {jobId} ended {done.Status}{(done.Error is null ? "." : ": " + done.Error)}");
        }

        var evaluation = await evaluations.GetAsync(jobId.Value, cancellationToken);
        if (!evaluation.IsSuccess)
        {
            return evaluation.Error;
        }

        var auc = evaluation.Value.Metrics.TryGetValue("roc_auc", out var value) && value is { } v ? v.ToString("0.####", CultureInfo.InvariantCulture) : "n/a";
        context.Log($"Evaluated {SampleProject.Model} v{version} on {test}: AUC {auc}.");
        return evaluation.Value.Id;
    }

    /// <summary>Polls a child job until it ends, reporting its progress scaled into [<paramref name="from"/>, <paramref name="to"/>].</summary>
    private async Task<JobDto> WaitAsync(IJobContext context, Guid jobId, double from, double to, string step, CancellationToken cancellationToken)
    {
        while (true)
        {
            var job = await jobs.GetAsync(jobId, cancellationToken);
            if (job is not null && job.Status.IsTerminal())
            {
                return job;
            }

            var progress = Math.Clamp(job?.Progress ?? 0, 0, 100);
            context.ReportProgress(from + ((to - from) * progress / 100), job?.Step is { Length: > 0 } inner ? $"{step}: {inner}" : step);
            await Task.Delay(Poll, time, cancellationToken);
        }
    }

    private static Error Failed(int step, string what, Error error) =>
        error with { Message = $"Step {step} of 4 ({what}) failed: {error.Message}" };

    [LoggerMessage(Level = LogLevel.Information, Message = "Sample project ready: {TrainDataset}, run {RunId}, version {Version}, evaluation {EvaluationId}")]
    private partial void LogReady(string trainDataset, string runId, int version, Guid evaluationId);
}
