using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using MlOpsPortal.Domain.Common;
using MlOpsPortal.Domain.Registry;
using MlOpsPortal.Infrastructure.Evaluation;
using MlOpsPortal.Infrastructure.Fairness;
using MlOpsPortal.Infrastructure.Persistence;

namespace MlOpsPortal.Infrastructure.Registry;

/// <summary>Model cards: editable while Draft; submitted for review; approved by an Approver other than the submitter; archived.</summary>
public sealed class ModelCardService(IDbContextFactory<PortalDbContext> dbFactory, TimeProvider time, RegistryChangeNotifier notifier)
{
    public async Task<Result<ModelCardInfo>> GetAsync(string name, int version, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var found = await RegistryService.FindVersionAsync(db, name, version, tracking: false, cancellationToken);
        return found.IsSuccess ? await ToInfoAsync(db, found.Value.Model, found.Value.Version, cancellationToken) : found.Error;
    }

    /// <summary>
    /// The card sections filled in from evidence: "evaluation_results" from the version's evaluation records (through
    /// its training run; the metrics recorded on the version when there are none), "fairness_considerations" from the
    /// latest fairness report of the version (on the policy's fairness dataset when it names one), checked against the
    /// policy's fairness thresholds.
    /// </summary>
    public static IReadOnlyDictionary<string, string> Generate(RegisteredModel model, ModelVersion v, IReadOnlyList<EvaluationEvidence> evaluations, FairnessEvidence? fairness)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(v);
        ArgumentNullException.ThrowIfNull(evaluations);
        var generated = new Dictionary<string, string>(StringComparer.Ordinal);
        if (evaluations.Count > 0)
        {
            var sb = new StringBuilder("Evaluation records of this version (newest first):\n\n| dataset | rows | ROC AUC | accuracy | F1 | log loss | record |\n|---|---|---|---|---|---|---|\n");
            foreach (var e in evaluations)
            {
                sb.Append(CultureInfo.InvariantCulture, $"| {e.Dataset} | {e.Rows} | {M(e, "roc_auc")} | {M(e, "accuracy")} | {M(e, "f1")} | {M(e, "log_loss")} | [{e.CreatedAt:yyyy-MM-dd HH:mm}]({e.Href}) |\n");
            }

            generated["evaluation_results"] = sb.ToString();
        }
        else if (v.Metrics.Count > 0)
        {
            generated["evaluation_results"] = "Metrics recorded on this version (no evaluation records exist yet):\n\n| metric | value |\n|---|---|\n" +
                string.Concat(v.Metrics.OrderBy(m => m.Key, StringComparer.Ordinal).Select(m => string.Create(CultureInfo.InvariantCulture, $"| {m.Key} | {m.Value:G6} |\n")));
        }

        if (fairness is not null)
        {
            var sb = new StringBuilder();
            sb.Append(CultureInfo.InvariantCulture, $"Latest fairness report: [{fairness.Dataset} v{fairness.DatasetVersion}, {fairness.CreatedAt:yyyy-MM-dd HH:mm} UTC](/fairness/reports/{fairness.ReportId}).\n\n");
            sb.Append("| grouping | convention | metric | value |\n|---|---|---|---|\n");
            foreach (var m in fairness.Metrics.Where(m => HeadlineFairness.Contains(m.Metric)))
            {
                sb.Append(CultureInfo.InvariantCulture, $"| {m.Grouping} | {m.Convention} | {m.Metric} | {(m.Value is { } x ? x.ToString("G4", CultureInfo.InvariantCulture) : "n/a")} |\n");
            }

            var gate = FairnessGate.Evaluate(model.Policy, fairness, blocking: false);
            sb.Append(CultureInfo.InvariantCulture, $"\nAgainst the model's fairness policy: **{gate.Outcome}** — {gate.Summary}\n");
            foreach (var line in gate.Evidence.Skip(1))
            {
                sb.Append("- ").Append(line).Append('\n');
            }

            generated["fairness_considerations"] = sb.ToString();
        }

        return generated;
    }

    public async Task<Result<ModelCardInfo>> UpdateAsync(RegistryCaller caller, string name, int version, IReadOnlyDictionary<string, string> sections, CancellationToken cancellationToken)
    {
        if (sections.Keys.FirstOrDefault(k => !ModelCardSections.IsKnown(k)) is { } unknown)
        {
            return Error.Invalid($"Unknown model card section '{unknown}'. Known: {string.Join(", ", ModelCardSections.All.Select(s => s.Key))}.");
        }

        if (sections.Values.Any(v => v.Length > 20000))
        {
            return Error.Invalid("Each model card section is limited to 20000 characters.");
        }

        return await MutateAsync(caller, name, version, "card.updated", v =>
        {
            if (v.CardStatus != ModelCardStatus.Draft)
            {
                return Error.InvalidState($"The model card is {v.CardStatus}; only a Draft card can be edited (a reviewer can send it back to Draft).");
            }

            var card = new Dictionary<string, string>(v.Card);
            foreach (var (key, text) in sections)
            {
                card[key] = text;
            }

            v.Card = card;
            return null;
        }, cancellationToken);
    }

    public Task<Result<ModelCardInfo>> SetStatusAsync(RegistryCaller caller, string name, int version, ModelCardStatus to, CancellationToken cancellationToken) =>
        MutateAsync(caller, name, version, "card.status_changed", v =>
        {
            if (!ModelCardLifecycle.CanMove(v.CardStatus, to))
            {
                return Error.InvalidState($"A model card cannot move from {v.CardStatus} to {to}.");
            }

            var reviewing = v.CardStatus == ModelCardStatus.PendingReview;
            if (reviewing && !caller.IsApprover && !(to == ModelCardStatus.Draft && caller.UserId == v.CardSubmittedByUserId))
            {
                return Error.Forbidden("Only an Approver can review a model card (the submitter may withdraw it to Draft).");
            }

            if (to == ModelCardStatus.Approved && caller.UserId == v.CardSubmittedByUserId)
            {
                return Error.Forbidden("Four-eyes rule: you submitted this model card for review, so another Approver must approve it.");
            }

            if (!reviewing && !caller.CanWrite)
            {
                return Error.Forbidden("Only a DataScientist or Admin can submit or archive a model card.");
            }

            if (to == ModelCardStatus.PendingReview)
            {
                v.CardSubmittedByUserId = caller.UserId;
            }

            v.CardStatus = to;
            return null;
        }, cancellationToken);

    /// <summary>The card as one markdown document, with the version's lineage and recorded metrics appended.</summary>
    public static string ToMarkdown(RegisteredModel model, ModelVersion v, IReadOnlyDictionary<string, string> generated)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(v);
        ArgumentNullException.ThrowIfNull(generated);
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"# Model card: {model.Name} version {v.Version}\n\n");
        sb.Append(CultureInfo.InvariantCulture, $"Status: **{v.CardStatus}** · registered by {v.CreatedBy} on {v.CreatedAt:yyyy-MM-dd} · artifact sha256 `{v.ArtifactSha256 ?? "n/a"}`\n\n");
        foreach (var (key, title) in ModelCardSections.All)
        {
            sb.Append(CultureInfo.InvariantCulture, $"## {title}\n\n");
            var text = v.Card.GetValueOrDefault(key);
            sb.Append(string.IsNullOrWhiteSpace(text) ? "_Not written yet._" : text.Trim()).Append("\n\n");
            if (generated.GetValueOrDefault(key) is { } filled)
            {
                sb.Append("_Filled in by the portal from recorded evidence:_\n\n").Append(filled.Trim()).Append("\n\n");
            }
            else if (key == "fairness_considerations")
            {
                sb.Append("_No fairness report exists yet for this version._\n\n");
            }
        }

        sb.Append("## Lineage\n\n");
        sb.Append(CultureInfo.InvariantCulture, $"- Run: {v.RunId ?? "n/a"}\n");
        foreach (var d in v.DatasetVersions)
        {
            sb.Append(CultureInfo.InvariantCulture, $"- Dataset: {d.Name} version {d.Version}\n");
        }

        return sb.ToString();
    }

    private async Task<Result<ModelCardInfo>> MutateAsync(RegistryCaller caller, string name, int version, string action, Func<ModelVersion, Error?> change, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var found = await RegistryService.FindVersionAsync(db, name, version, tracking: true, cancellationToken);
        if (!found.IsSuccess)
        {
            return found.Error;
        }

        var (model, v) = found.Value;
        var before = new { status = v.CardStatus.ToString(), v.Card };
        if (change(v) is { } error)
        {
            return error;
        }

        var now = time.GetUtcNow();
        v.UpdatedAt = now;
        var detail = action == "card.updated" ? $"Model card of version {version} edited." : $"Model card of version {version}: {before.status} → {v.CardStatus}.";
        RegistryJournal.History(db, model, caller.Actor, now, action, detail, version);
        RegistryJournal.Audit(db, caller.Actor, now, action, "ModelCard", $"{name}/{version}", before, new { status = v.CardStatus.ToString(), v.Card });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return Error.Conflict("The model card changed at the same time; reload and try again.");
        }

        notifier.Notify();
        return await ToInfoAsync(db, model, v, cancellationToken);
    }

    private static async Task<ModelCardInfo> ToInfoAsync(PortalDbContext db, RegisteredModel model, ModelVersion v, CancellationToken cancellationToken)
    {
        var evaluations = await EvaluationEvidenceQueries.ForRunAsync(db, v.RunId, 10, cancellationToken);
        var fairness = await FairnessGateEvidence.LatestOnAnyAsync(db, model.Name, v.Version, model.Policy.FairnessDataset, cancellationToken);
        var generated = Generate(model, v, evaluations, fairness);
        return new(model.Name, v.Version, v.CardStatus, v.Card, ToMarkdown(model, v, generated), generated);
    }

    private static string M(EvaluationEvidence e, string metric) =>
        e.Metrics.TryGetValue(metric, out var x) ? x.ToString("G4", CultureInfo.InvariantCulture) : "n/a";

    private static readonly HashSet<string> HeadlineFairness = new(StringComparer.Ordinal)
    {
        "demographicParityDifference", "demographicParityRatio", "equalizedOddsDifference", "equalOpportunityDifference",
        "disparateImpact", "statisticalParityDifference", "averageOddsDifference",
    };
}
