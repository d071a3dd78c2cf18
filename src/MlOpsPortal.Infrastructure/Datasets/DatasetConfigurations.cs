using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace MlOpsPortal.Infrastructure.Datasets;

internal sealed class DatasetRowConfiguration : IEntityTypeConfiguration<DatasetRow>
{
    public void Configure(EntityTypeBuilder<DatasetRow> builder)
    {
        builder.ToTable("datasets");
        builder.HasKey(d => d.Id);
        builder.Property(d => d.Name).HasMaxLength(128).IsRequired();
        builder.Property(d => d.Description).HasMaxLength(2000);
        builder.Property(d => d.Owner).HasMaxLength(256).IsRequired();
        builder.Property(d => d.OwnerUserId).HasMaxLength(450);
        builder.Property(d => d.QualityRules).HasColumnType("jsonb");
        builder.HasIndex(d => d.Name).IsUnique();
    }
}

internal sealed class DatasetVersionRowConfiguration : IEntityTypeConfiguration<DatasetVersionRow>
{
    public void Configure(EntityTypeBuilder<DatasetVersionRow> builder)
    {
        builder.ToTable("dataset_versions");
        builder.HasKey(v => v.Id);
        builder.Property(v => v.Sha256).HasMaxLength(64).IsRequired();
        builder.Property(v => v.ArtifactSha256).HasMaxLength(64).IsRequired();
        builder.Property(v => v.Format).HasColumnType("jsonb").IsRequired();
        builder.Property(v => v.Ingestion).HasColumnType("jsonb").IsRequired();
        builder.Property(v => v.InferredSchema).HasColumnType("jsonb").IsRequired();
        builder.Property(v => v.Schema).HasColumnType("jsonb").IsRequired();
        builder.Property(v => v.Profile).HasColumnType("jsonb");
        builder.Property(v => v.QualityReport).HasColumnType("jsonb");
        builder.Property(v => v.CreatedBy).HasMaxLength(256).IsRequired();
        builder.Property(v => v.CreatedByUserId).HasMaxLength(450);
        builder.HasOne<DatasetRow>().WithMany().HasForeignKey(v => v.DatasetId).OnDelete(DeleteBehavior.Restrict);
        // Concurrency safety of uploads: one version number per dataset, one version per content.
        builder.HasIndex(v => new { v.DatasetId, v.Version }).IsUnique();
        builder.HasIndex(v => new { v.DatasetId, v.Sha256 }).IsUnique();
        builder.HasIndex(v => v.ProfileJobId);
    }
}

internal sealed class DatasetColumnCacheRowConfiguration : IEntityTypeConfiguration<DatasetColumnCacheRow>
{
    public void Configure(EntityTypeBuilder<DatasetColumnCacheRow> builder)
    {
        builder.ToTable("dataset_column_caches");
        builder.HasKey(c => new { c.DatasetVersionId, c.SchemaKey });
        builder.Property(c => c.SchemaKey).HasMaxLength(64);
        builder.Property(c => c.ArtifactSha256).HasMaxLength(64).IsRequired();
        builder.HasOne<DatasetVersionRow>().WithMany().HasForeignKey(c => c.DatasetVersionId).OnDelete(DeleteBehavior.Restrict);
    }
}
