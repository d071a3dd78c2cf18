using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace MlOpsPortal.Infrastructure.Jobs;

/// <summary>A row of <c>job_kind_limits</c>: at most <see cref="MaxPerNode"/> jobs of <see cref="Kind"/> run at once on each node.</summary>
public sealed class JobKindLimitRow
{
    public string Kind { get; set; } = string.Empty;

    public int MaxPerNode { get; set; }

    public string UpdatedBy { get; set; } = string.Empty;

    public DateTimeOffset UpdatedAt { get; set; }
}

internal sealed class JobKindLimitRowConfiguration : IEntityTypeConfiguration<JobKindLimitRow>
{
    public void Configure(EntityTypeBuilder<JobKindLimitRow> builder)
    {
        builder.ToTable("job_kind_limits");
        builder.HasKey(l => l.Kind);
        builder.Property(l => l.Kind).HasMaxLength(64);
        builder.Property(l => l.UpdatedBy).HasMaxLength(256).IsRequired();
    }
}
