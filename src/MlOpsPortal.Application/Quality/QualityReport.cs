using System.Text.Json.Serialization;

namespace MlOpsPortal.Application.Quality;

/// <summary>Outcome of one rule on one version.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<QualityCheckStatus>))]
public enum QualityCheckStatus
{
    [JsonStringEnumMemberName("passed")]
    Passed,

    /// <summary>A warning rule failed.</summary>
    [JsonStringEnumMemberName("warning")]
    Warning,

    /// <summary>A blocking rule failed.</summary>
    [JsonStringEnumMemberName("failed")]
    Failed,
}

/// <summary>A row that breaks a rule: its 0-based data row index and the value(s) found there.</summary>
public sealed record QualityExample(long Row, string? Value);

/// <summary>
/// One rule's result: the rule, its status, the observed value (a share, a count or a description), what was expected,
/// a sentence for people and up to <see cref="QualityEvaluator.MaxExamples"/> offending rows.
/// </summary>
public sealed record QualityCheck(
    int RuleIndex,
    QualityRule Rule,
    QualityCheckStatus Status,
    string Observed,
    string Expected,
    string Message,
    long OffendingCount,
    IReadOnlyList<QualityExample> Examples);

/// <summary>
/// The quality report of a dataset version: <c>passed</c> (every rule holds), <c>warning</c> (only warning rules fail) or
/// <c>failing</c> (a blocking rule fails; training on the version is refused).
/// </summary>
public sealed record QualityReport(string Status, DateTimeOffset EvaluatedAt, int? ComparedWithVersion, IReadOnlyList<QualityCheck> Checks)
{
    public const string PassedStatus = "passed";
    public const string WarningStatus = "warning";
    public const string FailingStatus = "failing";

    public IEnumerable<QualityCheck> Blocking => Checks.Where(c => c.Status == QualityCheckStatus.Failed);

    public static string StatusOf(IEnumerable<QualityCheck> checks)
    {
        var list = checks.ToList();
        return list.Any(c => c.Status == QualityCheckStatus.Failed) ? FailingStatus
            : list.Any(c => c.Status == QualityCheckStatus.Warning) ? WarningStatus
            : PassedStatus;
    }
}
