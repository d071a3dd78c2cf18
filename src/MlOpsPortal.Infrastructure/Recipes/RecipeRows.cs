using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace MlOpsPortal.Infrastructure.Recipes;

/// <summary>A saved training request ("recipe"), optionally scheduled with a cron expression (UTC; a Hangfire recurring job).</summary>
public sealed class RecipeRow
{
    public Guid Id { get; set; }

    public string Name { get; set; } = string.Empty;

    /// <summary>JSON: the training request; each firing trains on the newest version of its training dataset.</summary>
    public string Request { get; set; } = "{}";

    /// <summary>Registered model whose <c>production</c> alias holds the champion a retrained model is compared with.</summary>
    public string? Model { get; set; }

    public string? Cron { get; set; }

    public string CreatedBy { get; set; } = string.Empty;

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>One firing of a recipe (scheduled or "run now") and its outcome.</summary>
public sealed class RecipeFiringRow
{
    public Guid Id { get; set; }

    public Guid RecipeId { get; set; }

    /// <summary>"schedule" or "manual".</summary>
    public string Trigger { get; set; } = string.Empty;

    public DateTimeOffset FiredAt { get; set; }

    public string TrainDataset { get; set; } = string.Empty;

    public Guid? TrainingJobId { get; set; }

    public string? RunId { get; set; }

    public int? ChampionVersion { get; set; }

    /// <summary>Succeeded / Failed / Running.</summary>
    public string Status { get; set; } = "Running";

    public string? Outcome { get; set; }

    public DateTimeOffset? FinishedAt { get; set; }
}

internal sealed class RecipeRowConfiguration : IEntityTypeConfiguration<RecipeRow>
{
    public void Configure(EntityTypeBuilder<RecipeRow> builder)
    {
        builder.ToTable("training_recipes");
        builder.HasKey(r => r.Id);
        builder.HasIndex(r => r.Name).IsUnique();
        builder.Property(r => r.Name).HasMaxLength(128).IsRequired();
        builder.Property(r => r.Request).HasColumnType("jsonb").IsRequired();
        builder.Property(r => r.Model).HasMaxLength(256);
        builder.Property(r => r.Cron).HasMaxLength(120);
        builder.Property(r => r.CreatedBy).HasMaxLength(256).IsRequired();
    }
}

internal sealed class RecipeFiringRowConfiguration : IEntityTypeConfiguration<RecipeFiringRow>
{
    public void Configure(EntityTypeBuilder<RecipeFiringRow> builder)
    {
        builder.ToTable("recipe_firings");
        builder.HasKey(f => f.Id);
        builder.HasIndex(f => new { f.RecipeId, f.FiredAt });
        builder.Property(f => f.Trigger).HasMaxLength(16).IsRequired();
        builder.Property(f => f.TrainDataset).HasMaxLength(300).IsRequired();
        builder.Property(f => f.RunId).HasMaxLength(32);
        builder.Property(f => f.Status).HasMaxLength(16).IsRequired();
        builder.Property(f => f.Outcome).HasMaxLength(4000);
        builder.HasOne<RecipeRow>().WithMany().HasForeignKey(f => f.RecipeId).OnDelete(DeleteBehavior.Cascade);
    }
}
