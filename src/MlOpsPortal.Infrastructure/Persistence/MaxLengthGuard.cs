using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace MlOpsPortal.Infrastructure.Persistence;

/// <summary>A text value longer than its column allows; the web layer answers 400 naming the field and the limit.</summary>
public sealed class FieldTooLongException(string entity, string field, int maxLength, int length)
    : Exception(string.Create(CultureInfo.InvariantCulture, $"'{field}' is {length} characters long; the limit is {maxLength} characters."))
{
    public string Entity { get; } = entity;

    public string Field { get; } = field;

    public int MaxLength { get; } = maxLength;

    public int Length { get; } = length;
}

/// <summary>
/// Checks every added or changed text value against its column's configured length before anything is sent to
/// PostgreSQL, so a 1 MB description or justification is refused with the field and the limit instead of failing in the
/// database ("value too long for type character varying") as a 500.
/// </summary>
public sealed class MaxLengthGuard : SaveChangesInterceptor
{
    public static readonly MaxLengthGuard Instance = new();

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Check(eventData?.Context);
        return base.SavingChanges(eventData!, result);
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Check(eventData?.Context);
        return base.SavingChangesAsync(eventData!, result, cancellationToken);
    }

    private static void Check(DbContext? context)
    {
        if (context is null)
        {
            return;
        }

        foreach (var entry in context.ChangeTracker.Entries())
        {
            if (entry.State is not (EntityState.Added or EntityState.Modified))
            {
                continue;
            }

            foreach (var property in entry.Properties)
            {
                if (property.CurrentValue is string text
                    && property.Metadata.GetMaxLength() is { } max
                    && text.Length > max
                    && (entry.State == EntityState.Added || property.IsModified))
                {
                    var name = property.Metadata.Name;
                    throw new FieldTooLongException(entry.Metadata.ClrType.Name, char.ToLowerInvariant(name[0]) + name[1..], max, text.Length);
                }
            }
        }
    }
}
