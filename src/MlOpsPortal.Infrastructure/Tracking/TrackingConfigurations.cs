using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace MlOpsPortal.Infrastructure.Tracking;

internal sealed class ExperimentConfiguration : IEntityTypeConfiguration<Experiment>
{
    public void Configure(EntityTypeBuilder<Experiment> builder)
    {
        builder.ToTable("experiments");
        builder.UseSnakeCaseColumns();
        builder.HasKey(e => e.Id);
        builder.Property(e => e.Id).UseIdentityByDefaultColumn();
        builder.Property(e => e.Name).HasMaxLength(500).IsRequired();
        builder.Property(e => e.Description).HasMaxLength(8000);
        builder.Property(e => e.OwnerUserId).HasMaxLength(450);
        builder.Property(e => e.Owner).HasMaxLength(256).IsRequired();
        builder.Property(e => e.ArtifactLocation).HasMaxLength(1000).IsRequired();
        builder.Property(e => e.LifecycleStage).HasMaxLength(16).IsRequired();
        builder.HasIndex(e => e.Name).IsUnique();
        builder.HasIndex(e => new { e.LifecycleStage, e.Id });
    }
}

internal sealed class ExperimentTagConfiguration : IEntityTypeConfiguration<ExperimentTag>
{
    public void Configure(EntityTypeBuilder<ExperimentTag> builder)
    {
        builder.ToTable("experiment_tags");
        builder.UseSnakeCaseColumns();
        builder.HasKey(t => new { t.ExperimentId, t.Key });
        builder.Property(t => t.Key).HasMaxLength(250);
        builder.Property(t => t.Value).HasMaxLength(8000);
        builder.HasOne<Experiment>().WithMany().HasForeignKey(t => t.ExperimentId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class RunConfiguration : IEntityTypeConfiguration<Run>
{
    public void Configure(EntityTypeBuilder<Run> builder)
    {
        builder.ToTable("runs");
        builder.UseSnakeCaseColumns();
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Name).HasMaxLength(250).IsRequired();
        builder.Property(r => r.Status).HasConversion<short>();
        builder.Property(r => r.UserId).HasMaxLength(256).IsRequired();
        builder.Property(r => r.OwnerUserId).HasMaxLength(450);
        builder.Property(r => r.Source).HasMaxLength(16).IsRequired();
        builder.Property(r => r.ArtifactLocation).HasMaxLength(1000).IsRequired();
        builder.Property(r => r.LifecycleStage).HasMaxLength(16).IsRequired();
        builder.HasOne<Experiment>().WithMany().HasForeignKey(r => r.ExperimentId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Run>().WithMany().HasForeignKey(r => r.ParentRunId).OnDelete(DeleteBehavior.SetNull);
        // The runs table's default order and keyset: newest first within an experiment.
        builder.HasIndex(r => new { r.ExperimentId, r.StartTime, r.Id }).IsDescending(false, true, true);
        builder.HasIndex(r => r.ParentRunId);
    }
}

internal sealed class RunParamConfiguration : IEntityTypeConfiguration<RunParam>
{
    public void Configure(EntityTypeBuilder<RunParam> builder)
    {
        builder.ToTable("run_params");
        builder.UseSnakeCaseColumns();
        builder.HasKey(p => new { p.RunId, p.Key });
        builder.Property(p => p.Key).HasMaxLength(250);
        builder.Property(p => p.Value).HasMaxLength(6000);
        builder.HasOne<Run>().WithMany().HasForeignKey(p => p.RunId).OnDelete(DeleteBehavior.Cascade);
        // Equality filters (params.k = 'v'). Partial: values reach 6000 characters, past a btree entry's limit.
        builder.HasIndex(p => new { p.Key, p.Value, p.RunId }).HasFilter("length(value) <= 200");
    }
}

internal sealed class RunTagConfiguration : IEntityTypeConfiguration<RunTag>
{
    public void Configure(EntityTypeBuilder<RunTag> builder)
    {
        builder.ToTable("run_tags");
        builder.UseSnakeCaseColumns();
        builder.HasKey(t => new { t.RunId, t.Key });
        builder.Property(t => t.Key).HasMaxLength(250);
        builder.Property(t => t.Value).HasMaxLength(8000);
        builder.HasOne<Run>().WithMany().HasForeignKey(t => t.RunId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(t => new { t.Key, t.Value, t.RunId }).HasFilter("length(value) <= 200");
    }
}

internal sealed class MetricChunkConfiguration : IEntityTypeConfiguration<MetricChunk>
{
    public void Configure(EntityTypeBuilder<MetricChunk> builder)
    {
        builder.ToTable("metric_chunks");
        builder.UseSnakeCaseColumns();
        builder.HasKey(m => m.Id);
        builder.Property(m => m.Id).UseIdentityByDefaultColumn();
        builder.Property(m => m.Key).HasMaxLength(250).IsRequired();
        builder.HasOne<Run>().WithMany().HasForeignKey(m => m.RunId).OnDelete(DeleteBehavior.Cascade);
        // History reads (get-history merge, raw chart points) scan one run's key in step order.
        builder.HasIndex(m => new { m.RunId, m.Key, m.MinStep, m.Id });
    }
}

internal sealed class LatestMetricConfiguration : IEntityTypeConfiguration<LatestMetric>
{
    public void Configure(EntityTypeBuilder<LatestMetric> builder)
    {
        builder.ToTable("latest_metrics");
        builder.UseSnakeCaseColumns();
        builder.HasKey(m => new { m.RunId, m.Key });
        builder.Property(m => m.Key).HasMaxLength(250);
        builder.HasOne<Run>().WithMany().HasForeignKey(m => m.RunId).OnDelete(DeleteBehavior.Cascade);
        // Sorting and range-filtering an experiment's runs by one metric.
        builder.HasIndex(m => new { m.ExperimentId, m.Key, m.Value, m.RunId });
    }
}

internal sealed class RunInputConfiguration : IEntityTypeConfiguration<RunInput>
{
    public void Configure(EntityTypeBuilder<RunInput> builder)
    {
        builder.ToTable("run_inputs");
        builder.UseSnakeCaseColumns();
        builder.HasKey(i => i.Id);
        builder.Property(i => i.Id).UseIdentityByDefaultColumn();
        builder.Property(i => i.DatasetName).HasMaxLength(500).IsRequired();
        builder.Property(i => i.DatasetDigest).HasMaxLength(64);
        builder.Property(i => i.Role).HasMaxLength(32).IsRequired();
        builder.HasOne<Run>().WithMany().HasForeignKey(i => i.RunId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(i => i.RunId);
        builder.HasIndex(i => i.DatasetVersionId);
    }
}

internal static class SnakeCaseColumns
{
    /// <summary>Names every column of the entity in snake_case, so hand-written SQL on the hot paths reads naturally.</summary>
    public static void UseSnakeCaseColumns<T>(this EntityTypeBuilder<T> builder)
        where T : class
    {
        foreach (var property in builder.Metadata.GetDeclaredProperties())
        {
            property.SetColumnName(string.Concat(property.Name.Select((c, i) => i > 0 && char.IsUpper(c) ? "_" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString())));
        }
    }
}
