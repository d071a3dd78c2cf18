using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace MlOpsPortal.Infrastructure.Jobs;

internal sealed class JobRowConfiguration : IEntityTypeConfiguration<JobRow>
{
    public void Configure(EntityTypeBuilder<JobRow> builder)
    {
        builder.ToTable("jobs");
        builder.HasKey(j => j.Id);
        builder.Property(j => j.Kind).HasMaxLength(64).IsRequired();
        builder.Property(j => j.Parameters).HasColumnType("jsonb").IsRequired();
        builder.Property(j => j.Requester).HasMaxLength(256).IsRequired();
        builder.Property(j => j.RequesterUserId).HasMaxLength(450);
        builder.Property(j => j.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(j => j.Step).HasMaxLength(256);
        builder.Property(j => j.Node).HasMaxLength(256);
        builder.Property(j => j.DispatchId).HasMaxLength(64);
        builder.Property(j => j.Queue).HasMaxLength(64).IsRequired().HasDefaultValue("2_normal_cpu");
        builder.Property(j => j.Error).HasMaxLength(1024);
        builder.Property(j => j.TraceId).HasMaxLength(64);
        builder.Property(j => j.Result).HasMaxLength(2048);
        builder.HasIndex(j => j.UpdatedAt);
        builder.HasIndex(j => new { j.Status, j.CreatedAt });
        builder.HasIndex(j => new { j.Kind, j.CreatedAt });
        builder.HasIndex(j => j.CreatedAt);
    }
}
