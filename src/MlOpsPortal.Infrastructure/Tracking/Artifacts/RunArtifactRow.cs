using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using MlOpsPortal.Domain.Tracking;

namespace MlOpsPortal.Infrastructure.Tracking.Artifacts;

/// <summary>
/// A file logged to a run at a relative path; the bytes live in the content-addressed artifact store under
/// <see cref="Sha256"/>. Logging the same path again points the row at the new blob (MLflow overwrites too); the old
/// blob stays in the store, which never deletes.
/// </summary>
public sealed class RunArtifactRow
{
    public Guid RunId { get; set; }

    public string Path { get; set; } = string.Empty;

    public string Sha256 { get; set; } = string.Empty;

    public long SizeBytes { get; set; }

    public string CreatedBy { get; set; } = string.Empty;

    public DateTimeOffset CreatedAt { get; set; }
}

internal sealed class RunArtifactRowConfiguration : IEntityTypeConfiguration<RunArtifactRow>
{
    public void Configure(EntityTypeBuilder<RunArtifactRow> builder)
    {
        builder.ToTable("run_artifacts");
        builder.UseSnakeCaseColumns();
        // (run_id, path) is the key; the "C" collation orders paths byte-wise and lets LIKE 'dir/%' listings use the index.
        builder.HasKey(a => new { a.RunId, a.Path });
        builder.Property(a => a.Path).HasMaxLength(ArtifactPath.MaxLength).UseCollation("C");
        builder.Property(a => a.Sha256).HasMaxLength(64).IsRequired();
        builder.Property(a => a.CreatedBy).HasMaxLength(256).IsRequired();
        builder.HasOne<Run>().WithMany().HasForeignKey(a => a.RunId).OnDelete(DeleteBehavior.Cascade);
    }
}
