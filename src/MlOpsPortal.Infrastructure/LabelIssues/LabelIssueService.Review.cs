using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using MlOpsPortal.Application.Audit;
using MlOpsPortal.Application.Datasets;
using MlOpsPortal.Domain.Common;
using MlOpsPortal.Infrastructure.Audit;
using MlOpsPortal.Infrastructure.Datasets;

namespace MlOpsPortal.Infrastructure.LabelIssues;

/// <summary>Review of a report: decisions per suspect row (bulk), and "apply", which writes the next dataset version.</summary>
public sealed partial class LabelIssueService
{
    private static readonly string[] Actions = ["relabel", "drop", "reject"];

    /// <summary>Records decisions (a later decision on a row replaces the earlier one); every refusal names the row.</summary>
    public async Task<Result<LabelIssueReportView>> DecideAsync(Guid reportId, LabelDecisions body, Actor actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(body);
        ArgumentNullException.ThrowIfNull(actor);
        if (body.Decisions is not { Count: > 0 } decisions)
        {
            return Field("decisions", "Give at least one decision: {\"decisions\":[{\"row\":12,\"action\":\"relabel|drop|reject\",\"label\":\"...\"}]}.");
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var row = await db.LabelIssueReports.FirstOrDefaultAsync(r => r.Id == reportId, cancellationToken);
        if (row is null)
        {
            return Error.NotFound($"Label-issue report {reportId} does not exist.");
        }

        if (row.Result is null || row.AppliedVersion is not null)
        {
            return Error.InvalidState(row.AppliedVersion is null
                ? "The report is not ready yet; decide once its job has finished."
                : $"The decisions were applied already (version {row.AppliedVersion}).");
        }

        var result = DatasetMapping.FromJson<LabelIssueResult>(row.Result);
        var suspects = result.Rows.ToDictionary(r => r.Row);
        var merged = DatasetMapping.FromJson<Dictionary<string, LabelDecision>>(row.Decisions);
        for (var i = 0; i < decisions.Count; i++)
        {
            var d = decisions[i];
            var action = d.Action?.Trim().ToLowerInvariant();
            if (!suspects.TryGetValue(d.Row, out var suspect))
            {
                return Field($"decisions[{i}].row", $"Row {d.Row} is not a suspect of this report.");
            }

            if (action is null || !Actions.Contains(action))
            {
                return Field($"decisions[{i}].action", $"Row {d.Row}: action must be relabel, drop or reject.");
            }

            var label = action == "relabel" ? (d.Label ?? suspect.SuggestedLabel) : null;
            if (label is not null && !result.Classes.Contains(label, StringComparer.Ordinal))
            {
                return Field($"decisions[{i}].label", $"Row {d.Row}: '{label}' is not a class of '{row.Label}' ({string.Join(", ", result.Classes)}).");
            }

            merged[d.Row.ToString(CultureInfo.InvariantCulture)] = new LabelDecision(d.Row, action, label);
        }

        row.Decisions = DatasetMapping.ToJson(merged);
        AuditLog.Stage(db, new AuditRecord(actor, "label_issues.reviewed", "label_issue_report", reportId.ToString(), null, decisions), time.GetUtcNow());
        await db.SaveChangesAsync(cancellationToken);
        return await GetAsync(reportId, cancellationToken);
    }

    /// <summary>
    /// Writes the next version of the dataset with the accepted decisions (relabelled rows take the new label, dropped rows
    /// are left out) and records it on the report; the reviewer and the report are in the audit entry.
    /// </summary>
    public async Task<Result<DatasetVersionDetail>> ApplyAsync(Guid reportId, Actor actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        LabelIssueReportRow? row;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            row = await db.LabelIssueReports.AsNoTracking().FirstOrDefaultAsync(r => r.Id == reportId, cancellationToken);
        }

        if (row is null)
        {
            return Error.NotFound($"Label-issue report {reportId} does not exist.");
        }

        if (row.AppliedVersion is not null)
        {
            return Error.InvalidState($"The decisions were applied already: '{row.Dataset}' version {row.AppliedVersion}.");
        }

        var accepted = DatasetMapping.FromJson<Dictionary<string, LabelDecision>>(row.Decisions).Values
            .Where(d => d.Action is "relabel" or "drop").ToDictionary(d => d.Row);
        if (accepted.Count == 0)
        {
            return Error.InvalidState("No decision accepts a fix yet: relabel or drop at least one suspect row before applying.");
        }

        var written = await WriteFixedAsync(row, accepted, cancellationToken);
        if (!written.IsSuccess)
        {
            return written.Error;
        }

        Result<UploadOutcome> uploaded;
        await using (var file = written.Value)
        {
            uploaded = await catalog.UploadAsync(row.Dataset, file, new CsvOptions { HasHeader = true, Delimiter = "," }, actor, cancellationToken);
        }

        if (!uploaded.IsSuccess)
        {
            return uploaded.Error;
        }

        var created = uploaded.Value.Version;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            await db.LabelIssueReports.Where(r => r.Id == reportId)
                .ExecuteUpdateAsync(s => s.SetProperty(r => r.AppliedVersion, created.Version).SetProperty(r => r.AppliedBy, actor.Name), cancellationToken);
            AuditLog.Stage(db, new AuditRecord(actor, "label_issues.applied", "label_issue_report", reportId.ToString(), null, new
            {
                Dataset = row.Dataset,
                FromVersion = row.Version,
                NewVersion = created.Version,
                Relabelled = accepted.Values.Count(d => d.Action == "relabel"),
                Dropped = accepted.Values.Count(d => d.Action == "drop"),
                Reviewer = actor.Name,
            }), time.GetUtcNow());
            await db.SaveChangesAsync(cancellationToken);
        }

        return created;
    }

    /// <summary>The version's rows as a comma-separated file with a header, fixes applied, in a temporary file (deleted on close).</summary>
    private async Task<Result<Stream>> WriteFixedAsync(LabelIssueReportRow report, Dictionary<long, LabelDecision> accepted, CancellationToken cancellationToken)
    {
        var detail = await catalog.GetVersionAsync(report.Dataset, report.Version, cancellationToken);
        if (!detail.IsSuccess)
        {
            return detail.Error;
        }

        var file = await catalog.OpenFileAsync(report.Dataset, report.Version, cancellationToken);
        if (!file.IsSuccess)
        {
            return file.Error;
        }

        var labelIndex = detail.Value.Columns.ToList().FindIndex(c => c.Name == report.Label);
        var output = new FileStream(Path.GetTempFileName(), FileMode.Create, FileAccess.ReadWrite, FileShare.None, 1 << 16, FileOptions.DeleteOnClose);
        await using (var content = file.Value.Content)
        {
            var opened = await CsvRowReader.OpenStoredAsync(content, detail.Value.Format, cancellationToken);
            if (!opened.IsSuccess)
            {
                await output.DisposeAsync();
                return opened.Error;
            }

            await using var reader = opened.Value;
            await using var writer = new StreamWriter(output, new UTF8Encoding(false), 1 << 16, leaveOpen: true);
            await writer.WriteLineAsync(string.Join(",", detail.Value.Columns.Select(c => Quote(c.Name))));
            var fields = new string?[detail.Value.Columns.Count];
            while (true)
            {
                var read = await reader.ReadAsync();
                if (!read.IsSuccess)
                {
                    await output.DisposeAsync();
                    return read.Error;
                }

                if (!read.Value)
                {
                    break;
                }

                var index = reader.Row - 1;
                accepted.TryGetValue(index, out var decision);
                if (decision?.Action == "drop")
                {
                    continue;
                }

                for (var c = 0; c < fields.Length; c++)
                {
                    fields[c] = c == labelIndex && decision?.Action == "relabel" ? decision.Label : reader[c];
                }

                await writer.WriteLineAsync(string.Join(",", fields.Select(f => Quote(f ?? string.Empty))));
            }
        }

        output.Position = 0;
        return output;
    }

    /// <summary>The values of the given data rows (0-based) of a report's dataset version, for the review page (at most 500 rows).</summary>
    public async Task<Result<PreviewTable>> RowsAsync(Guid reportId, IReadOnlyCollection<long> rows, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rows);
        LabelIssueReportRow? report;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            report = await db.LabelIssueReports.AsNoTracking().FirstOrDefaultAsync(r => r.Id == reportId, cancellationToken);
        }

        if (report is null)
        {
            return Error.NotFound($"Label-issue report {reportId} does not exist.");
        }

        var detail = await catalog.GetVersionAsync(report.Dataset, report.Version, cancellationToken);
        var file = await catalog.OpenFileAsync(report.Dataset, report.Version, cancellationToken);
        if (!detail.IsSuccess || !file.IsSuccess)
        {
            return detail.IsSuccess ? file.Error! : detail.Error;
        }

        var wanted = rows.Take(500).ToHashSet();
        var found = new Dictionary<long, IReadOnlyList<string?>>();
        await using (var content = file.Value.Content)
        {
            var opened = await CsvRowReader.OpenStoredAsync(content, detail.Value.Format, cancellationToken);
            if (!opened.IsSuccess)
            {
                return opened.Error;
            }

            await using var reader = opened.Value;
            while (found.Count < wanted.Count)
            {
                var read = await reader.ReadAsync();
                if (!read.IsSuccess || !read.Value)
                {
                    break;
                }

                if (wanted.Contains(reader.Row - 1))
                {
                    found[reader.Row - 1] = [.. Enumerable.Range(0, detail.Value.Columns.Count).Select(c => reader[c])];
                }
            }
        }

        return new PreviewTable(
            ["row", .. detail.Value.Columns.Select(c => c.Name)],
            [.. wanted.Where(found.ContainsKey).Select(r => (IReadOnlyList<string?>)[r.ToString(CultureInfo.InvariantCulture), .. found[r]])]);
    }

    private static string Quote(string value) =>
        value.AsSpan().IndexOfAny(",\"\r\n") >= 0 || value != value.Trim() ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
}
