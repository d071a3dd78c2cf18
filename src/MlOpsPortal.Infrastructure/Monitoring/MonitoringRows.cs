using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using MlOpsPortal.Infrastructure.Tracking;

namespace MlOpsPortal.Infrastructure.Monitoring;

/// <summary>
/// A drift and performance monitor of one model alias: what the reference is (default: the served version's training
/// dataset), which logged traffic is "current" (last N hours and/or rows), when it runs (cron, UTC; a Hangfire recurring job) and its
/// alert rules (drift share ≥ x, live metric below y) with their actions (notification, webhook, retraining recipe).
/// </summary>
public sealed class MonitorRow
{
    public Guid Id { get; set; }

    public string Name { get; set; } = string.Empty;

    public string ModelName { get; set; } = string.Empty;

    public string Alias { get; set; } = "production";

    /// <summary>"name@vN" when the reference is not the training dataset.</summary>
    public string? ReferenceDataset { get; set; }

    public int WindowHours { get; set; } = 24;

    public int? WindowRows { get; set; }

    public string? Cron { get; set; }

    public double? DriftShareAlert { get; set; }

    /// <summary>accuracy, roc_auc (binary) or rmse-style metrics are not alerted on; see docs/inference.md.</summary>
    public string? MetricAlert { get; set; }

    public double? MetricBelow { get; set; }

    public string? RetrainRecipe { get; set; }

    public string CreatedBy { get; set; } = string.Empty;

    public string? CreatedByUserId { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>One drift run: reference vs current, per-column results (JSON) and the verdicts.</summary>
public sealed class DriftReportRow
{
    public Guid Id { get; set; }

    public Guid? MonitorId { get; set; }

    public string ModelName { get; set; } = string.Empty;

    public string? Alias { get; set; }

    public int Version { get; set; }

    public string Reference { get; set; } = string.Empty;

    public string Current { get; set; } = string.Empty;

    public int ReferenceRows { get; set; }

    public int CurrentRows { get; set; }

    public int DriftedColumns { get; set; }

    public int Columns { get; set; }

    public double DriftShare { get; set; }

    public bool DatasetDrifted { get; set; }

    public bool? PredictionDrifted { get; set; }

    /// <summary>JSON: per-column results, the prediction drift and the thresholds used.</summary>
    public string Result { get; set; } = "{}";

    /// <summary>JSON: live performance over the current window when labels had arrived (null otherwise).</summary>
    public string? Performance { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>An alert a monitor raised, and what it did about it.</summary>
public sealed class MonitorAlertRow
{
    public long Id { get; set; }

    public Guid MonitorId { get; set; }

    public Guid? ReportId { get; set; }

    /// <summary>"drift" or "performance".</summary>
    public string Kind { get; set; } = string.Empty;

    public string Message { get; set; } = string.Empty;

    public Guid? RecipeFiringId { get; set; }

    public DateTimeOffset At { get; set; }
}

internal sealed class MonitorRowConfiguration : IEntityTypeConfiguration<MonitorRow>
{
    public void Configure(EntityTypeBuilder<MonitorRow> builder)
    {
        builder.ToTable("monitors");
        builder.UseSnakeCaseColumns();
        builder.HasKey(m => m.Id);
        builder.HasIndex(m => m.Name).IsUnique();
        builder.Property(m => m.Name).HasMaxLength(128).IsRequired();
        builder.Property(m => m.ModelName).HasMaxLength(256).IsRequired();
        builder.Property(m => m.Alias).HasMaxLength(64).IsRequired();
        builder.Property(m => m.ReferenceDataset).HasMaxLength(300);
        builder.Property(m => m.Cron).HasMaxLength(120);
        builder.Property(m => m.MetricAlert).HasMaxLength(32);
        builder.Property(m => m.RetrainRecipe).HasMaxLength(128);
        builder.Property(m => m.CreatedBy).HasMaxLength(256).IsRequired();
    }
}

internal sealed class DriftReportRowConfiguration : IEntityTypeConfiguration<DriftReportRow>
{
    public void Configure(EntityTypeBuilder<DriftReportRow> builder)
    {
        builder.ToTable("drift_reports");
        builder.UseSnakeCaseColumns();
        builder.HasKey(r => r.Id);
        builder.HasIndex(r => new { r.MonitorId, r.CreatedAt });
        builder.HasIndex(r => new { r.ModelName, r.CreatedAt });
        builder.Property(r => r.ModelName).HasMaxLength(256).IsRequired();
        builder.Property(r => r.Alias).HasMaxLength(64);
        builder.Property(r => r.Reference).HasMaxLength(500).IsRequired();
        builder.Property(r => r.Current).HasMaxLength(500).IsRequired();
        builder.Property(r => r.Result).HasColumnType("jsonb").IsRequired();
        builder.Property(r => r.Performance).HasColumnType("jsonb");
        builder.HasOne<MonitorRow>().WithMany().HasForeignKey(r => r.MonitorId).OnDelete(DeleteBehavior.SetNull);
    }
}

internal sealed class MonitorAlertRowConfiguration : IEntityTypeConfiguration<MonitorAlertRow>
{
    public void Configure(EntityTypeBuilder<MonitorAlertRow> builder)
    {
        builder.ToTable("monitor_alerts");
        builder.UseSnakeCaseColumns();
        builder.HasKey(a => a.Id);
        builder.Property(a => a.Id).UseIdentityByDefaultColumn();
        builder.Property(a => a.Kind).HasMaxLength(16).IsRequired();
        builder.Property(a => a.Message).HasMaxLength(2000).IsRequired();
        builder.HasIndex(a => new { a.MonitorId, a.At });
        builder.HasOne<MonitorRow>().WithMany().HasForeignKey(a => a.MonitorId).OnDelete(DeleteBehavior.Cascade);
    }
}
