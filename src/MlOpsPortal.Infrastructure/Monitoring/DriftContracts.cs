using MlOpsPortal.Infrastructure.Inference;
using MlOpsPortal.Infrastructure.Training;

namespace MlOpsPortal.Infrastructure.Monitoring;

/// <summary>Keeps the rows whose <paramref name="Column"/> equals <paramref name="EqualTo"/> (trimmed text, or the same number).</summary>
public sealed record RowFilter(string Column, string EqualTo);

/// <summary>
/// Where drift data comes from: a dataset version (optionally filtered to some rows), or the model's logged predictions
/// of the last <c>lastHours</c> hours and/or the last <c>lastRows</c> rows.
/// </summary>
public sealed record DriftSource(DatasetRef? Dataset = null, RowFilter? Filter = null, int? LastHours = null, int? LastRows = null)
{
    public bool IsLogged => Dataset is null;

    public string Describe() => Dataset is { } d
        ? d + (Filter is { } f ? $" where {f.Column} = '{f.EqualTo}'" : string.Empty)
        : "logged predictions" + (LastHours is { } h ? $", last {h} h" : string.Empty) + (LastRows is { } r ? $", last {r:N0} rows" : string.Empty);
}

/// <summary>
/// Body of <c>POST /api/v1/drift-jobs</c>: the model (its signature gives the columns and types), the reference (default:
/// the version's training dataset), the current data (default: the last 24 h of logged predictions), optional columns.
/// </summary>
public sealed record DriftRequest(ModelSelector? Model, DriftSource? Reference = null, DriftSource? Current = null, IReadOnlyList<string>? Columns = null);

public sealed record DriftJobParameters(Guid? MonitorId, string Model, int Version, string? Alias, DriftSource? Reference, DriftSource Current, IReadOnlyList<string>? Columns);

/// <summary>A queued drift job; <paramref name="Compared"/> says in words what a monitor's run compares with the reference.</summary>
public sealed record DriftSubmitted(Guid JobId, Guid ReportId, string? Compared = null);

/// <summary>One column's test, as stored and returned.</summary>
public sealed record ColumnDriftDto(
    string Column, string Type, string Method, double? Score, bool ScoreIsPValue, double Threshold, bool Drifted, double? Psi, int ReferenceCount, int CurrentCount);

public sealed record DriftReportDto(
    Guid Id, Guid? MonitorId, string Model, string? Alias, int Version, string Reference, string Current, int ReferenceRows, int CurrentRows,
    int Columns, int DriftedColumns, double DriftShare, bool DatasetDrifted, bool? PredictionDrifted,
    IReadOnlyList<ColumnDriftDto> ColumnResults, ColumnDriftDto? Prediction, LivePerformance? Performance, DateTimeOffset CreatedAt);

/// <summary>Body of <c>POST /api/v1/monitors</c>.</summary>
public sealed record MonitorRequest(
    string? Name, string? Model, string? Alias = null, DatasetRef? Reference = null, int? WindowHours = null, int? WindowRows = null,
    string? Cron = null, double? DriftShareAlert = null, string? MetricAlert = null, double? MetricBelow = null, string? RetrainRecipe = null);

public sealed record MonitorAlertDto(long Id, string Kind, string Message, Guid? ReportId, Guid? RecipeFiringId, DateTimeOffset At);

public sealed record MonitorDto(
    Guid Id, string Name, string Model, string Alias, string? Reference, int WindowHours, int? WindowRows, string? Cron, DateTimeOffset? NextFireTime,
    double? DriftShareAlert, string? MetricAlert, double? MetricBelow, string? RetrainRecipe, string CreatedBy, DateTimeOffset CreatedAt,
    DriftReportDto? Latest);
