using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using MlOpsPortal.Application.Audit;
using MlOpsPortal.Application.Jobs;
using MlOpsPortal.Domain.Common;
using MlOpsPortal.Infrastructure.Persistence;

namespace MlOpsPortal.Infrastructure.Training;

/// <summary>
/// The <c>hpo</c> job: queues each trial as an ordinary <c>training</c> job (a child run of the search's run) with an id
/// derived from the search job's, at most <see cref="HpoPlan.Parallelism"/> at a time, waits for them, and logs the best
/// trial and a comparison on the parent run. A re-run after a crash re-finds the trials already queued (same ids), so no
/// trial runs twice; cancelling the search cancels its unfinished trials.
/// </summary>
internal sealed class HpoJob(
    TrainingJobService training, TrainingRunLog runLog, IJobScheduler scheduler, IJobQueries jobs, IDbContextFactory<PortalDbContext> dbFactory, TimeProvider time) : IJobHandler
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(500);

    public async Task<Result<string?>> RunAsync(IJobContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var p = context.GetParameters<HpoJobParameters>();
        var actor = Actor.Job(context.JobId.ToString());
        var plan = p.Plan;
        var outcomes = new TrialOutcome?[plan.Trials.Count];
        var active = new List<int>();
        var next = 0;
        await runLog.SetStatusAsync(actor, p.ParentRunId, "RUNNING", cancellationToken);
        try
        {
            while (outcomes.Any(o => o is null))
            {
                while (active.Count < plan.Parallelism && next < plan.Trials.Count)
                {
                    var started = await StartAsync(p, context.JobId, next, actor, cancellationToken);
                    if (!started.IsSuccess)
                    {
                        outcomes[next] = new TrialOutcome(next, null, "Failed", null, started.Error.Message);
                    }
                    else
                    {
                        active.Add(next);
                    }

                    next++;
                }

                await Task.Delay(Poll, time, cancellationToken);
                foreach (var index in active.ToList())
                {
                    var job = await jobs.GetAsync(HyperparameterSearch.TrialJobId(context.JobId, index), cancellationToken);
                    if (job is null || job.Status is JobStatus.Queued or JobStatus.Running)
                    {
                        continue;
                    }

                    active.Remove(index);
                    outcomes[index] = await OutcomeAsync(index, job, plan.Metric, cancellationToken);
                    Report(context, plan, outcomes);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            foreach (var index in active)
            {
                await scheduler.CancelAsync(HyperparameterSearch.TrialJobId(context.JobId, index), actor, CancellationToken.None);
            }

            await runLog.SetStatusAsync(actor, p.ParentRunId, "KILLED", CancellationToken.None);
            throw;
        }

        return await FinishAsync(p, outcomes.Select(o => o!).ToList(), actor, context, cancellationToken);
    }

    private async Task<Result<TrainingSubmitted>> StartAsync(HpoJobParameters p, Guid searchJobId, int index, Actor actor, CancellationToken cancellationToken)
    {
        var id = HyperparameterSearch.TrialJobId(searchJobId, index);
        if (await jobs.GetAsync(id, cancellationToken) is { } existing)
        {
            return new TrainingSubmitted(existing.Id, string.Empty);
        }

        var request = HyperparameterSearch.Apply(p.Training, p.Plan.Trials[index]);
        return await training.EnqueueAsync(request, actor, id, p.ParentRunId, $"trial-{index + 1}", cancellationToken);
    }

    private async Task<TrialOutcome> OutcomeAsync(int index, JobDto job, string metric, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var model = await db.TrainedModels.AsNoTracking().Where(m => m.JobId == job.Id).Select(m => new { m.RunId, m.Metrics }).FirstOrDefaultAsync(cancellationToken);
        if (model is null)
        {
            return new TrialOutcome(index, null, job.Status.ToString(), null, job.Error);
        }

        var metrics = JsonSerializer.Deserialize<Dictionary<string, double?>>(model.Metrics, TrainingJson.Options) ?? [];
        return new TrialOutcome(index, model.RunId, "Succeeded", metrics.GetValueOrDefault(metric), metrics.ContainsKey(metric) ? null : $"the run has no metric '{metric}'");
    }

    private static void Report(IJobContext context, HpoPlan plan, TrialOutcome?[] outcomes)
    {
        var done = outcomes.Count(o => o is not null);
        var best = Best(plan, outcomes.Where(o => o is not null).Select(o => o!));
        var last = outcomes.Where(o => o is not null).Last()!;
        context.Log($"trial {last.Index + 1} ({Describe(plan.Trials[last.Index])}): {(last.Value is { } v ? $"{plan.Metric}={F(v)}" : last.Status + (last.Error is null ? string.Empty : ": " + last.Error))}");
        context.ReportProgress(100.0 * done / plan.Trials.Count, $"{done} of {plan.Trials.Count} trials" + (best is null ? string.Empty : $" · best {plan.Metric}={F(best.Value!.Value)} (trial {best.Index + 1})"));
    }

    private async Task<Result<string?>> FinishAsync(HpoJobParameters p, List<TrialOutcome> outcomes, Actor actor, IJobContext context, CancellationToken cancellationToken)
    {
        var plan = p.Plan;
        var best = Best(plan, outcomes);
        if (best is null)
        {
            await runLog.SetStatusAsync(actor, p.ParentRunId, "FAILED", CancellationToken.None);
            return Error.InvalidState($"No trial produced '{plan.Metric}' ({outcomes.Count(o => o.Status != "Succeeded")} of {outcomes.Count} trials failed).");
        }

        var comparison = outcomes.Select(o => new { trial = o.Index + 1, runId = o.RunId, parameters = plan.Trials[o.Index], value = o.Value, status = o.Status });
        var parameters = plan.Trials[best.Index].ToDictionary(kv => "best_" + kv.Key, kv => kv.Value, StringComparer.Ordinal);
        await runLog.LogAsync(p.ParentRunId,
            new Dictionary<string, double>(StringComparer.Ordinal) { ["best_" + plan.Metric] = best.Value!.Value, ["trials_succeeded"] = outcomes.Count(o => o.Value is not null) },
            parameters,
            new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["mlops.best_trial_run_id"] = best.RunId!,
                ["mlops.best_trial"] = (best.Index + 1).ToString(CultureInfo.InvariantCulture),
                ["mlops.hpo_trials"] = Truncate(JsonSerializer.Serialize(comparison), 5000),
            },
            cancellationToken);
        await runLog.SetStatusAsync(actor, p.ParentRunId, "FINISHED", CancellationToken.None);
        var summary = $"best {plan.Metric}={F(best.Value.Value)} in trial {best.Index + 1} ({Describe(plan.Trials[best.Index])}), run {best.RunId}";
        context.Log(summary);
        return Result<string?>.Ok(summary);
    }

    private static TrialOutcome? Best(HpoPlan plan, IEnumerable<TrialOutcome> outcomes)
    {
        var scored = outcomes.Where(o => o.Value is { } v && double.IsFinite(v)).ToList();
        return scored.Count == 0 ? null
            : plan.Maximize ? scored.MaxBy(o => o.Value!.Value) : scored.MinBy(o => o.Value!.Value);
    }

    private static string Describe(IReadOnlyDictionary<string, string> trial) => string.Join(", ", trial.Select(kv => $"{kv.Key}={kv.Value}"));

    private static string F(double v) => v.ToString("0.#####", CultureInfo.InvariantCulture);

    private static string Truncate(string text, int max) => text.Length <= max ? text : text[..max];

    private sealed record TrialOutcome(int Index, string? RunId, string Status, double? Value, string? Error);
}
