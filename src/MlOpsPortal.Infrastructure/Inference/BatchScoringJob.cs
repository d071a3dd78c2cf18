using System.Globalization;
using CsvHelper;
using Microsoft.EntityFrameworkCore;
using MlOpsPortal.Application.Artifacts;
using MlOpsPortal.Application.Datasets;
using MlOpsPortal.Application.Exports;
using MlOpsPortal.Application.Jobs;
using MlOpsPortal.Domain.Common;
using MlOpsPortal.Engines.Packaging;
using MlOpsPortal.Infrastructure.Persistence;

namespace MlOpsPortal.Infrastructure.Inference;

/// <summary>
/// The <c>batch-scoring</c> job: reads the input CSV from the artifact store row by row, scores it through ONNX Runtime
/// in chunks of <see cref="ChunkRows"/> rows, and writes the input columns plus the prediction (label and one
/// probability column per class, or the value) to a temporary file that is then stored as a content-addressed artifact.
/// Memory stays bounded by one chunk whatever the file size. Progress is the share of input bytes read. The outcome
/// (rows, rows/s, the execution provider ONNX Runtime actually used, the output's address) is recorded with the job id,
/// so a re-run after a node failure finds it and does not score twice.
/// </summary>
internal sealed class BatchScoringJob(ModelRouter router, ModelScorer scorer, IArtifactStore artifacts, IDbContextFactory<PortalDbContext> dbFactory, TimeProvider time) : IJobHandler
{
    public const int ChunkRows = 4096;

    public async Task<Result<string?>> RunAsync(IJobContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var p = context.GetParameters<BatchScoringParameters>();
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            if (await db.BatchScorings.AsNoTracking().AnyAsync(b => b.Id == context.JobId, cancellationToken))
            {
                return Result<string?>.Ok("already scored");
            }
        }

        var served = await router.ResolveVersionAsync(p.Model, p.Version, p.Alias, cancellationToken);
        if (!served.IsSuccess)
        {
            return served.Error;
        }

        var started = time.GetTimestamp();
        var output = Path.Combine(Path.GetTempPath(), $"mlops-batch-{context.JobId:N}.csv");
        try
        {
            var scored = await ScoreToFileAsync(context, p, served.Value, output, cancellationToken);
            if (!scored.IsSuccess)
            {
                return scored.Error;
            }

            context.ReportProgress(99, "Storing the output");
            StoredArtifact stored;
            await using (var file = new FileStream(output, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan))
            {
                stored = await artifacts.PutAsync(file, cancellationToken);
            }

            var (rows, provider) = scored.Value;
            var seconds = Math.Max(time.GetElapsedTime(started).TotalSeconds, 1e-6);
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            db.BatchScorings.Add(new BatchScoringRow
            {
                Id = context.JobId,
                ModelName = p.Model,
                Version = p.Version,
                Alias = p.Alias,
                Source = p.Source,
                Rows = rows,
                Seconds = seconds,
                RowsPerSecond = rows / seconds,
                ExecutionProvider = provider,
                OutputSha256 = stored.Sha256,
                OutputBytes = stored.SizeBytes,
                CreatedAt = time.GetUtcNow(),
            });
            await db.SaveChangesAsync(cancellationToken);
            var summary = string.Create(CultureInfo.InvariantCulture,
                $"{rows:N0} rows in {seconds:0.00} s ({rows / seconds:N0} rows/s) on {provider}; output {stored.Sha256[..12]} ({stored.SizeBytes:N0} bytes)");
            context.Log(summary);
            return Result<string?>.Ok(summary);
        }
        finally
        {
            File.Delete(output);
        }
    }

    private async Task<Result<(long Rows, string Provider)>> ScoreToFileAsync(
        IJobContext context, BatchScoringParameters p, ServedModel served, string output, CancellationToken cancellationToken)
    {
        var opened = await artifacts.OpenReadAsync(p.SourceSha256, cancellationToken);
        if (!opened.IsSuccess)
        {
            return opened.Error;
        }

        var reader = p.Format is { } format
            ? await CsvRowReader.OpenStoredAsync(opened.Value, format, cancellationToken)
            : await CsvRowReader.OpenDetectingAsync(opened.Value, new CsvOptions { HasHeader = true }, cancellationToken);
        if (!reader.IsSuccess)
        {
            await opened.Value.DisposeAsync();
            return reader.Error;
        }

        await using var input = reader.Value;
        var signature = served.Package.Signature;
        var columns = input.Columns;
        var classes = signature.Task == ModelTask.Regression ? [] : signature.ClassLabels ?? [];
        await using var file = new StreamWriter(output, append: false, new System.Text.UTF8Encoding(false), 1 << 16);
        await using var csv = new CsvWriter(file, CultureInfo.InvariantCulture);
        foreach (var c in columns)
        {
            csv.WriteField(SpreadsheetSafe.Neutralize(c));
        }

        csv.WriteField(signature.Task == ModelTask.Regression ? "prediction" : "predicted_label");
        foreach (var c in classes)
        {
            csv.WriteField(SpreadsheetSafe.Neutralize("probability_" + c));
        }

        await csv.NextRecordAsync();
        var chunk = new List<object?[]>(ChunkRows);
        long rows = 0;
        var provider = "CPUExecutionProvider";
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var read = await input.ReadAsync();
            if (!read.IsSuccess)
            {
                return read.Error;
            }

            if (read.Value)
            {
                var values = new object?[columns.Count];
                for (var c = 0; c < values.Length; c++)
                {
                    values[c] = input[c];
                }

                chunk.Add(values);
            }

            if (chunk.Count == ChunkRows || (!read.Value && chunk.Count > 0))
            {
                var scored = scorer.Score(served.Package, served.OnnxSha256, new ScoringTable(columns, chunk), refuseUnseenCategories: false);
                if (!scored.IsSuccess)
                {
                    return new Error(scored.Error.Code, $"Rows {rows + 1}–{rows + chunk.Count}: {scored.Error.Message}", scored.Error.Details);
                }

                provider = scored.Value.ExecutionProvider;
                for (var r = 0; r < chunk.Count; r++)
                {
                    WriteRow(csv, chunk[r], scored.Value.Predictions[r], classes);
                    await csv.NextRecordAsync();
                }

                rows += chunk.Count;
                chunk.Clear();
                var percent = p.SourceBytes > 0 ? Math.Min(98, 98.0 * input.BytesRead / p.SourceBytes) : 50;
                context.ReportProgress(percent, string.Create(CultureInfo.InvariantCulture, $"{rows:N0} rows scored"));
            }

            if (!read.Value)
            {
                break;
            }
        }

        if (rows == 0)
        {
            return Error.Invalid("The input has no data rows to score.");
        }

        return (rows, provider);
    }

    private static void WriteRow(CsvWriter csv, object?[] values, ScoredRow prediction, IReadOnlyList<string> classes)
    {
        foreach (var v in values)
        {
            // Input cells are echoed to a file that people open in spreadsheets: a formula-looking cell becomes text.
            csv.WriteField(SpreadsheetSafe.Neutralize(v as string ?? string.Empty));
        }

        if (prediction.Value is { } value)
        {
            csv.WriteField(value.ToString("R", CultureInfo.InvariantCulture));
            return;
        }

        csv.WriteField(SpreadsheetSafe.Neutralize(prediction.Label ?? string.Empty));
        foreach (var c in classes)
        {
            csv.WriteField(prediction.Probabilities is { } pr && pr.TryGetValue(c, out var x) ? x.ToString("R", CultureInfo.InvariantCulture) : string.Empty);
        }
    }
}
