using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using MlOpsPortal.Infrastructure.Datasets;

namespace MlOpsPortal.Infrastructure.LabelIssues;

/// <summary>
/// A row of <c>label_issue_reports</c>: one confident-learning run on a dataset version's label. <see cref="Result"/> (jsonb)
/// is written by the job; <see cref="Decisions"/> (jsonb, row → decision) by reviewers; <see cref="AppliedVersion"/> is the
/// dataset version that "apply" created from the accepted decisions (its lineage back to this report).
/// </summary>
public sealed class LabelIssueReportRow
{
    public Guid Id { get; set; }

    public Guid JobId { get; set; }

    public Guid DatasetVersionId { get; set; }

    public string Dataset { get; set; } = string.Empty;

    public int Version { get; set; }

    public string Label { get; set; } = string.Empty;

    public int Folds { get; set; }

    public string Algorithm { get; set; } = string.Empty;

    public string? Result { get; set; }

    public string Decisions { get; set; } = "{}";

    public int? AppliedVersion { get; set; }

    public string? AppliedBy { get; set; }

    public string CreatedBy { get; set; } = string.Empty;

    public DateTimeOffset CreatedAt { get; set; }
}

internal sealed class LabelIssueReportRowConfiguration : IEntityTypeConfiguration<LabelIssueReportRow>
{
    public void Configure(EntityTypeBuilder<LabelIssueReportRow> builder)
    {
        builder.ToTable("label_issue_reports");
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Dataset).HasMaxLength(128).IsRequired();
        builder.Property(r => r.Label).HasMaxLength(256).IsRequired();
        builder.Property(r => r.Algorithm).HasMaxLength(32).IsRequired();
        builder.Property(r => r.Result).HasColumnType("jsonb");
        builder.Property(r => r.Decisions).HasColumnType("jsonb").IsRequired();
        builder.Property(r => r.AppliedBy).HasMaxLength(256);
        builder.Property(r => r.CreatedBy).HasMaxLength(256).IsRequired();
        builder.HasOne<DatasetVersionRow>().WithMany().HasForeignKey(r => r.DatasetVersionId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(r => r.JobId).IsUnique();
        builder.HasIndex(r => r.DatasetVersionId);
    }
}
