using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace MlOpsPortal.Infrastructure.Explain;

/// <summary>
/// A row of <c>explanations</c>: one registered model version explained on one dataset version, keyed by its job id.
/// Immutable once computed: the request is written at creation, the result once by the job.
/// </summary>
public sealed class ExplanationRow
{
    public Guid Id { get; set; }

    public string ModelName { get; set; } = string.Empty;

    public int ModelVersion { get; set; }

    public string DatasetName { get; set; } = string.Empty;

    public int DatasetVersion { get; set; }

    /// <summary>"tree_shap" or "permutation".</summary>
    public string Method { get; set; } = string.Empty;

    /// <summary>JSON: the request as accepted (defaults filled in).</summary>
    public string Request { get; set; } = "{}";

    /// <summary>JSON: the computed explanation; null until the job succeeded.</summary>
    public string? Result { get; set; }

    public string CreatedBy { get; set; } = string.Empty;

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? CompletedAt { get; set; }
}

internal sealed class ExplanationRowConfiguration : IEntityTypeConfiguration<ExplanationRow>
{
    public void Configure(EntityTypeBuilder<ExplanationRow> builder)
    {
        builder.ToTable("explanations");
        builder.HasKey(e => e.Id);
        builder.Property(e => e.ModelName).HasMaxLength(256).IsRequired();
        builder.Property(e => e.DatasetName).HasMaxLength(128).IsRequired();
        builder.Property(e => e.Method).HasMaxLength(32).IsRequired();
        builder.Property(e => e.Request).HasColumnType("jsonb").IsRequired();
        builder.Property(e => e.Result).HasColumnType("jsonb");
        builder.Property(e => e.CreatedBy).HasMaxLength(256).IsRequired();
        builder.HasIndex(e => new { e.ModelName, e.ModelVersion, e.CreatedAt });
    }
}
