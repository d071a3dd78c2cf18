using System.Text.Json.Serialization;
using System.Globalization;

namespace MlOpsPortal.Domain.Registry;

[JsonConverter(typeof(JsonStringEnumConverter<GateOutcome>))]
public enum GateOutcome
{
    Passed,
    Failed,

    /// <summary>The policy does not configure this gate, or the portal has no source of evidence for it yet.</summary>
    NotConfigured,

    /// <summary>The gate is configured but no evidence exists yet.</summary>
    NoEvidence,
}

/// <summary>A link to the record a gate's verdict rests on (an evaluation, a fairness report).</summary>
public sealed record GateLink(string Text, string Href);

/// <summary>One gate's verdict with its evidence lines, links to the evidence and whether the policy makes it blocking.</summary>
public sealed record GateResult(GateKind Gate, GateOutcome Outcome, bool Blocking, string Summary, IReadOnlyList<string> Evidence, IReadOnlyList<GateLink>? Links = null)
{
    /// <summary>A blocking gate blocks unless it passed.</summary>
    public bool Blocks => Blocking && Outcome != GateOutcome.Passed;

    public string Describe() => $"{Gate}: {Outcome} — {Summary}";
}

/// <summary>An immutable evaluation record of a model version on a dataset version ("name@vN"), with its metrics.</summary>
public sealed record EvaluationEvidence(Guid Id, string Dataset, long Rows, DateTimeOffset CreatedAt, IReadOnlyDictionary<string, double> Metrics)
{
    public string Href => $"/evaluations/{Id}";
}

/// <summary>
/// What the gates look at: the candidate version and the version that holds the alias now (if any). With a holdout
/// dataset in the policy, <see cref="CandidateEvaluation"/> is the candidate's latest evaluation on it and
/// <see cref="IncumbentEvaluation"/> the incumbent's evaluation on the same dataset version; the metric gate then
/// compares those records instead of the metrics recorded on the versions.
/// </summary>
public sealed record GateInput(
    int CandidateVersion,
    IReadOnlyDictionary<string, double> CandidateMetrics,
    ModelCardStatus CardStatus,
    int? IncumbentVersion,
    IReadOnlyDictionary<string, double>? IncumbentMetrics,
    FairnessEvidence? Fairness = null,
    EvaluationEvidence? CandidateEvaluation = null,
    EvaluationEvidence? IncumbentEvaluation = null,
    DataQualityEvidence? DataQuality = null);

/// <summary>
/// The quality report of the candidate's training data ("name" version N): its status (<c>passed</c>, <c>warning</c>,
/// <c>failing</c>, or <c>none</c> when the dataset has no rules) and one line per rule that does not pass.
/// </summary>
public sealed record DataQualityEvidence(string Dataset, int Version, string Status, IReadOnlyList<string> Findings)
{
    public string Href => $"/datasets/{Uri.EscapeDataString(Dataset)}/versions/{Version}?tab=quality";
}

/// <summary>Evaluates the four promotion gates against a policy.</summary>
public static class GateEvaluator
{
    public static IReadOnlyList<GateResult> Evaluate(PromotionPolicy policy, GateInput input)
    {
        bool Blocking(GateKind g) => policy.BlockingGates.Contains(g);
        return
        [
            Evaluation(policy, input, Blocking(GateKind.Evaluation)),
            Metrics(policy, input, Blocking(GateKind.MetricThresholds)),
            FairnessGate.Evaluate(policy, input.Fairness, Blocking(GateKind.Fairness)),
            Card(input, Blocking(GateKind.ModelCard)),
            DataQuality(input, Blocking(GateKind.DataQuality)),
        ];
    }

    public static IReadOnlyList<string> FailingBlocking(IEnumerable<GateResult> gates) =>
        gates.Where(g => g.Blocks).Select(g => g.Describe()).ToList();

    /// <summary>Checks one MLflow-style threshold; returns (passed, explanation).</summary>
    public static (bool Passed, string Text) Check(MetricThreshold t, double candidate, double? baseline, int? baselineVersion)
    {
        var sign = t.HigherIsBetter ? 1.0 : -1.0;
        var parts = new List<string>();
        var passed = true;
        if (t.Threshold is { } limit)
        {
            var ok = sign * (candidate - limit) >= 0;
            passed &= ok;
            parts.Add($"{t.Metric} = {F(candidate)} {(t.HigherIsBetter ? "≥" : "≤")} {F(limit)}: {(ok ? "yes" : "no")}");
        }

        if (t.MinAbsoluteChange is not null || t.MinRelativeChange is not null)
        {
            if (baseline is not { } b)
            {
                parts.Add(baselineVersion is null
                    ? "no version holds the alias yet, so change thresholds do not apply"
                    : $"version {baselineVersion} has no '{t.Metric}', so change thresholds do not apply");
            }
            else
            {
                var improvement = sign * (candidate - b);
                if (t.MinAbsoluteChange is { } abs)
                {
                    var ok = improvement >= abs;
                    passed &= ok;
                    parts.Add($"improvement over v{baselineVersion} ({F(b)}) = {F(improvement)} ≥ {F(abs)}: {(ok ? "yes" : "no")}");
                }

                if (t.MinRelativeChange is { } rel)
                {
                    var relative = b == 0 ? (improvement > 0 ? double.PositiveInfinity : 0) : improvement / Math.Abs(b);
                    var ok = relative >= rel;
                    passed &= ok;
                    parts.Add($"relative improvement = {F(relative)} ≥ {F(rel)}: {(ok ? "yes" : "no")}");
                }
            }
        }

        return (passed, string.Join("; ", parts));
    }

    private static GateResult Evaluation(PromotionPolicy policy, GateInput input, bool blocking)
    {
        if (policy.HoldoutDataset is null)
        {
            return new GateResult(GateKind.Evaluation, GateOutcome.NotConfigured, blocking, "Not configured: the policy names no holdout dataset.", []);
        }

        if (input.CandidateEvaluation is not { } e)
        {
            return new GateResult(GateKind.Evaluation, GateOutcome.NoEvidence, blocking,
                $"No evidence yet: version {input.CandidateVersion} has no evaluation on the holdout '{policy.HoldoutDataset}'. " +
                "Evaluate it from the version page or with POST /api/v1/evaluations {\"model\":{\"name\",\"version\"},\"dataset\":{\"name\",\"version\"}}.", []);
        }

        var headline = e.Metrics.Where(m => m.Key is "roc_auc" or "accuracy" or "f1" or "log_loss" or "r2" or "rmse")
            .Select(m => $"{m.Key} = {F(m.Value)}");
        return new GateResult(GateKind.Evaluation, GateOutcome.Passed, blocking,
            $"Version {input.CandidateVersion} was evaluated on {e.Dataset} ({e.Rows} rows) on {e.CreatedAt:yyyy-MM-dd HH:mm} UTC.",
            [string.Join(", ", headline)], [new GateLink($"evaluation on {e.Dataset}", e.Href)]);
    }

    /// <summary>
    /// A metric by its policy name; a threshold on <c>test_roc_auc</c> or <c>validation_roc_auc</c> (the run's
    /// names) also reads <c>roc_auc</c> from an evaluation record.
    /// </summary>
    public static double? Lookup(IReadOnlyDictionary<string, double> metrics, string name)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        ArgumentNullException.ThrowIfNull(name);
        if (metrics.TryGetValue(name, out var exact))
        {
            return exact;
        }

        foreach (var prefix in (string[])["test_", "validation_"])
        {
            if (name.StartsWith(prefix, StringComparison.Ordinal) && metrics.TryGetValue(name[prefix.Length..], out var bare))
            {
                return bare;
            }
        }

        return null;
    }

    private static GateResult Metrics(PromotionPolicy policy, GateInput input, bool blocking)
    {
        if (policy.MetricThresholds.Count == 0)
        {
            return new GateResult(GateKind.MetricThresholds, GateOutcome.NotConfigured, blocking, "Not configured: the policy sets no metric thresholds.", []);
        }

        // With a holdout dataset the gate compares evaluation records on the same data; without one, the metrics recorded on the versions.
        var onHoldout = policy.HoldoutDataset is not null;
        if (onHoldout && input.CandidateEvaluation is null)
        {
            return new GateResult(GateKind.MetricThresholds, GateOutcome.NoEvidence, blocking,
                $"No evidence yet: the thresholds are checked on the holdout '{policy.HoldoutDataset}', and version {input.CandidateVersion} has no evaluation on it.", []);
        }

        var candidateMetrics = onHoldout ? input.CandidateEvaluation!.Metrics : input.CandidateMetrics;
        var incumbentMetrics = onHoldout ? input.IncumbentEvaluation?.Metrics : input.IncumbentMetrics;
        var evidence = new List<string>();
        var links = new List<GateLink>();
        if (onHoldout)
        {
            var data = input.CandidateEvaluation!.Dataset;
            links.Add(new GateLink($"candidate v{input.CandidateVersion} on {data}", input.CandidateEvaluation.Href));
            if (input.IncumbentEvaluation is { } incumbent)
            {
                links.Add(new GateLink($"incumbent v{input.IncumbentVersion} on {data}", incumbent.Href));
            }
            else if (input.IncumbentVersion is { } holder)
            {
                evidence.Add($"version {holder} holds the alias but has no evaluation on {data}, so change thresholds cannot be checked against it");
            }
        }

        var failed = 0;
        var missing = 0;
        foreach (var t in policy.MetricThresholds)
        {
            if (Lookup(candidateMetrics, t.Metric) is not { } candidate)
            {
                missing++;
                evidence.Add(onHoldout
                    ? $"{t.Metric}: not in the evaluation of version {input.CandidateVersion} on {input.CandidateEvaluation!.Dataset}"
                    : $"{t.Metric}: not recorded on version {input.CandidateVersion}");
                continue;
            }

            var baseline = incumbentMetrics is null ? null : Lookup(incumbentMetrics, t.Metric);
            var (passed, text) = Check(t, candidate, baseline, input.IncumbentVersion);
            failed += passed ? 0 : 1;
            evidence.Add((passed ? "pass: " : "fail: ") + text);
        }

        var against = input.IncumbentVersion is { } v ? $"against version {v}" : "no version holds the alias";
        if (onHoldout)
        {
            against += $", on {input.CandidateEvaluation!.Dataset}";
        }

        if (missing > 0)
        {
            return new GateResult(GateKind.MetricThresholds, GateOutcome.NoEvidence, blocking, $"{missing} required metric(s) missing on the candidate ({against}).", evidence, links);
        }

        return failed == 0
            ? new GateResult(GateKind.MetricThresholds, GateOutcome.Passed, blocking, $"All {policy.MetricThresholds.Count} threshold(s) met ({against}).", evidence, links)
            : new GateResult(GateKind.MetricThresholds, GateOutcome.Failed, blocking, $"{failed} of {policy.MetricThresholds.Count} threshold(s) not met ({against}).", evidence, links);
    }

    private static GateResult Card(GateInput input, bool blocking) => input.CardStatus == ModelCardStatus.Approved
        ? new GateResult(GateKind.ModelCard, GateOutcome.Passed, blocking, $"The model card of version {input.CandidateVersion} is Approved.", [])
        : new GateResult(GateKind.ModelCard, GateOutcome.Failed, blocking, $"The model card of version {input.CandidateVersion} is {input.CardStatus}, not Approved.", []);

    private static GateResult DataQuality(GateInput input, bool blocking)
    {
        if (input.DataQuality is not { } q)
        {
            return new GateResult(GateKind.DataQuality, GateOutcome.NoEvidence, blocking,
                $"No evidence: the run of version {input.CandidateVersion} records no training dataset version.", []);
        }

        var data = $"{q.Dataset} v{q.Version}";
        var links = new List<GateLink> { new($"quality report of {data}", q.Href) };
        return q.Status switch
        {
            "passed" => new GateResult(GateKind.DataQuality, GateOutcome.Passed, blocking, $"Training data {data}: every data-quality rule passes.", q.Findings, links),
            "warning" => new GateResult(GateKind.DataQuality, GateOutcome.Passed, blocking,
                $"Training data {data}: no blocking rule fails; {q.Findings.Count} warning(s).", q.Findings, links),
            "failing" => new GateResult(GateKind.DataQuality, GateOutcome.Failed, blocking,
                $"Training data {data} fails blocking data-quality rule(s).", q.Findings, links),
            _ => new GateResult(GateKind.DataQuality, GateOutcome.NotConfigured, blocking,
                $"Not configured: dataset '{q.Dataset}' has no data-quality rules (or version {q.Version} was not checked).", [], links),
        };
    }

    private static string F(double v) => v.ToString("G6", CultureInfo.InvariantCulture);
}
