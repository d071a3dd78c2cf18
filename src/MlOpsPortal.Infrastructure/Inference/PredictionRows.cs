using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using MlOpsPortal.Infrastructure.Tracking;

namespace MlOpsPortal.Infrastructure.Inference;

/// <summary>
/// A row of <c>predictions</c>: one logged online prediction (sampled), its inputs as JSON, the answer and, once
/// feedback arrives, the actual label or value. Rows older than <see cref="InferenceOptions.RetentionDays"/> are deleted.
/// </summary>
public sealed class PredictionRow
{
    public Guid Id { get; set; }

    public string ModelName { get; set; } = string.Empty;

    public int Version { get; set; }

    public string? Alias { get; set; }

    public DateTimeOffset LoggedAt { get; set; }

    /// <summary>JSON object: the signature's input columns → the values sent.</summary>
    public string Inputs { get; set; } = "{}";

    public string? Label { get; set; }

    /// <summary>Binary classification: the probability of the positive class.</summary>
    public double? Score { get; set; }

    /// <summary>Regression: the predicted value.</summary>
    public double? Value { get; set; }

    public string? ActualLabel { get; set; }

    public double? ActualValue { get; set; }

    public DateTimeOffset? FeedbackAt { get; set; }
}

/// <summary>A batch scoring job's outcome: where the output CSV is, how fast it ran and on which execution provider.</summary>
public sealed class BatchScoringRow
{
    public Guid Id { get; set; }

    public string ModelName { get; set; } = string.Empty;

    public int Version { get; set; }

    public string? Alias { get; set; }

    public string Source { get; set; } = string.Empty;

    public long Rows { get; set; }

    public double Seconds { get; set; }

    public double RowsPerSecond { get; set; }

    public string ExecutionProvider { get; set; } = string.Empty;

    public string OutputSha256 { get; set; } = string.Empty;

    public long OutputBytes { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}

internal sealed class PredictionRowConfiguration : IEntityTypeConfiguration<PredictionRow>
{
    public void Configure(EntityTypeBuilder<PredictionRow> builder)
    {
        builder.ToTable("predictions");
        builder.UseSnakeCaseColumns();
        builder.HasKey(p => p.Id);
        builder.Property(p => p.ModelName).HasMaxLength(256).IsRequired();
        builder.Property(p => p.Alias).HasMaxLength(64);
        builder.Property(p => p.Inputs).HasColumnType("jsonb").IsRequired();
        builder.Property(p => p.Label).HasMaxLength(256);
        builder.Property(p => p.ActualLabel).HasMaxLength(256);
        builder.HasIndex(p => new { p.ModelName, p.LoggedAt });
        builder.HasIndex(p => p.LoggedAt);
    }
}

internal sealed class BatchScoringRowConfiguration : IEntityTypeConfiguration<BatchScoringRow>
{
    public void Configure(EntityTypeBuilder<BatchScoringRow> builder)
    {
        builder.ToTable("batch_scorings");
        builder.UseSnakeCaseColumns();
        builder.HasKey(p => p.Id);
        builder.Property(p => p.ModelName).HasMaxLength(256).IsRequired();
        builder.Property(p => p.Alias).HasMaxLength(64);
        builder.Property(p => p.Source).HasMaxLength(500).IsRequired();
        builder.Property(p => p.ExecutionProvider).HasMaxLength(64).IsRequired();
        builder.Property(p => p.OutputSha256).HasMaxLength(64).IsRequired();
    }
}
