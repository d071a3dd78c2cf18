using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using MlOpsPortal.Application.Artifacts;
using MlOpsPortal.Application.Audit;
using MlOpsPortal.Application.Jobs;
using MlOpsPortal.Domain.Common;
using MlOpsPortal.Engines.Packaging;
using MlOpsPortal.Infrastructure.Persistence;

namespace MlOpsPortal.Infrastructure.Training;

/// <summary>
/// The <c>training</c> job: marks its run RUNNING, logs params, reads the dataset versions from the artifact store,
/// trains with progress ("Round i of N") while per-round metrics stream to the run, stores the model package zip in the
/// artifact store, records it in <c>trained_models</c>, logs the final metrics and finishes the run. Idempotent on the
/// job id: the run was created at submit time, and a re-run that finds the row only makes sure the run is FINISHED.
/// A cancelled job stops between rounds, its run becomes KILLED and nothing is recorded (a package blob already
/// written is content-addressed and unreferenced).
/// </summary>
internal sealed partial class TrainingJob(
    TrainingDatasets datasets,
    TrainingRunner runner,
    TrainingRunLog runLog,
    IArtifactStore artifacts,
    IDbContextFactory<PortalDbContext> dbFactory,
    TimeProvider time,
    ILogger<TrainingJob> logger) : IJobHandler
{
    public async Task<Result<string?>> RunAsync(IJobContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var parameters = context.GetParameters<TrainingJobParameters>();
        var actor = Actor.Job(context.JobId.ToString());
        using var scope = logger.BeginScope(new Dictionary<string, object> { ["JobId"] = context.JobId, ["RunId"] = parameters.RunId });
        var phases = new TrainingPhases(time);
        phases.Start("start");
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            if (await db.TrainedModels.AsNoTracking().AnyAsync(m => m.JobId == context.JobId, cancellationToken))
            {
                context.Log("This job's model is already recorded (an earlier attempt finished); nothing to train.");
                await runLog.SetStatusAsync(actor, parameters.RunId, "FINISHED", cancellationToken);
                return Result<string?>.Ok("already trained");
            }
        }

        // Null once the run is FINISHED: a successful training writes that status in its completion transaction.
        string? status = "FAILED";
        try
        {
            var result = await TrainAsync(context, parameters, actor, phases, cancellationToken);
            status = result.IsSuccess ? null : "FAILED";
            return result;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            status = "KILLED";
            throw;
        }
        finally
        {
            if (status is not null)
            {
                // The job's token may be cancelled already; the run's final status must still be written.
                await runLog.SetStatusAsync(actor, parameters.RunId, status, CancellationToken.None);
            }
        }
    }

    private async Task<Result<string?>> TrainAsync(IJobContext context, TrainingJobParameters parameters, Actor actor, TrainingPhases phases, CancellationToken cancellationToken)
    {
        var request = parameters.Request;
        var spec = request.ToSpec();
        if (!spec.IsSuccess)
        {
            return spec.Error;
        }

        // The run is marked RUNNING while the datasets are read (a database write beside file reads and parsing); it is
        // awaited before anything else is written to the run, so the final status in RunAsync cannot overtake it.
        var running = runLog.SetStatusAsync(actor, parameters.RunId, "RUNNING", cancellationToken);
        context.ReportProgress(0, "Reading datasets");
        context.Log($"Reading {request.TrainDataset}" + (request.TestDataset is { } t ? $" and {t}" : string.Empty));
        phases.Start("read");
        Result<TrainingInputs> inputs;
        try
        {
            inputs = await datasets.LoadInputsAsync(request, cancellationToken);
        }
        finally
        {
            await running;
        }

        if (!inputs.IsSuccess)
        {
            return inputs.Error;
        }

        var provenance = new PackageProvenance(parameters.RunId, request.TrainDataset.ToString());
        var every = Math.Max(1, spec.Value.Rounds / 100);
        // A re-run after a node failure skips the metric points the dead attempt already logged (no duplicate history).
        var logged = context.Attempt > 1 ? await runLog.LoggedPointsAsync(parameters.RunId, cancellationToken) : null;
        var rounds = new TrainingRunLog.RoundBuffer(logged);
        using var stopFlushing = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var flushing = FlushLoopAsync(parameters.RunId, rounds, stopFlushing.Token);
        Result<TrainingOutcome> outcome;
        try
        {
            outcome = await Task.Run(
                () => runner.Run(inputs.Value with { Provenance = provenance }, spec.Value, e => OnProgress(context, rounds, e, every), cancellationToken, phases),
                cancellationToken);
        }
        finally
        {
            await stopFlushing.CancelAsync();
            await flushing;
        }

        cancellationToken.ThrowIfCancellationRequested();
        phases.Start("flush");
        await runLog.FlushAsync(parameters.RunId, rounds, cancellationToken);
        phases.Stop();
        if (!outcome.IsSuccess)
        {
            return outcome.Error;
        }

        context.ReportProgress(97, "Storing the model package");
        phases.Start("store");
        StoredArtifact stored;
        using (var zip = new MemoryStream(outcome.Value.PackageZip, writable: false))
        {
            stored = await artifacts.PutAsync(zip, cancellationToken);
        }

        cancellationToken.ThrowIfCancellationRequested();
        phases.Start("record");
        var finalMetrics = logged is null ? outcome.Value.Metrics : outcome.Value.Metrics.Where(m => !logged.Contains((m.Key, 0))).ToDictionary(StringComparer.Ordinal);
        var tags = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [TrainingRunLog.PackageTag] = stored.Sha256,
            ["mlops.best_iteration"] = outcome.Value.BestIteration.ToString(CultureInfo.InvariantCulture),
            ["mlops.train_dataset"] = request.TrainDataset.ToString(),
            ["mlops.test_dataset"] = request.TestDataset?.ToString() ?? string.Empty,
        };
        // The dataset versions read are recorded as the run's inputs in the same transaction (the run page's Inputs tab).
        var runInputs = Tracking.TrackingTime.ParseRunId(parameters.RunId) is { IsSuccess: true } runGuid
            ? await datasets.DescribeInputsAsync(request, runGuid.Value, cancellationToken)
            : [];
        var completed = await runLog.CompleteAsync(
            actor, parameters.RunId, finalMetrics, outcome.Value.Params, tags,
            db =>
            {
                TrainedModelRecord.Add(db, context.JobId, parameters, outcome.Value, stored, time.GetUtcNow());
                db.RunInputs.AddRange(runInputs);
            },
            cancellationToken);
        if (!completed.IsSuccess)
        {
            return completed.Error;
        }

        var summary = string.Join(", ", outcome.Value.Metrics.Where(m => m.Key.StartsWith("test_", StringComparison.Ordinal) || m.Key.StartsWith("validation_", StringComparison.Ordinal))
            .Take(6).Select(m => $"{m.Key}={m.Value.ToString("0.####", CultureInfo.InvariantCulture)}"));
        phases.Stop();
        context.Log($"Model package {stored.Sha256[..12]} stored; {summary}");
        context.Log(phases.Format());
        LogTrained(logger, outcome.Value.BestIteration, stored.Sha256);
        return Result<string?>.Ok(summary);
    }

    private void OnProgress(IJobContext context, TrainingRunLog.RoundBuffer rounds, TrainingProgressEvent e, int every)
    {
        var step = e.Step;
        if (e.Iteration is { } it)
        {
            rounds.Add(it, time.GetUtcNow().ToUnixTimeMilliseconds());
            var shown = it.Values.Where(v => v.Key.StartsWith("validation_", StringComparison.Ordinal)).Take(2).ToList();
            if (shown.Count > 0)
            {
                step += " · " + string.Join(" ", shown.Select(v => $"{v.Key}={v.Value.ToString("0.#####", CultureInfo.InvariantCulture)}"));
            }

            if ((it.Iteration + 1) % every == 0 || it.Iteration == 0)
            {
                context.Log(TrainingProgressLine.Format(it));
            }
        }

        context.ReportProgress(2 + (e.Fraction * 95), step);
    }

    /// <summary>Writes the buffered per-round metrics to the run about once a second while training runs (the live chart).</summary>
    private async Task FlushLoopAsync(string runId, TrainingRunLog.RoundBuffer rounds, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1), time);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                await runLog.FlushAsync(runId, rounds, cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Training ended; the caller flushes what is left.
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Trained: best iteration {BestIteration}, package {PackageSha256}")]
    private static partial void LogTrained(ILogger logger, int bestIteration, string packageSha256);
}
