using System.Globalization;
using MlOpsPortal.Infrastructure.Recipes;
using MlOpsPortal.Infrastructure.Jobs;

namespace MlOpsPortal.Web.Components.Pages.Training;

/// <summary>
/// The "new recipe" form: a name, the training request (the training form's fields), an optional registered model whose
/// production version is the champion, and an optional cron schedule. <see cref="ToRequest"/> builds the body of
/// <c>POST /api/v1/recipes</c>; the service runs every check of the training request.
/// </summary>
public sealed class RecipeFormViewModel
{
    public string Name { get; set; } = string.Empty;

    public TrainingFormViewModel Training { get; } = new();

    public string Model { get; set; } = string.Empty;

    public string Cron { get; set; } = string.Empty;

    /// <summary>Inline messages keyed by field id; empty when the form can be sent.</summary>
    public Dictionary<string, string> Validate(DateTimeOffset now)
    {
        var errors = new Dictionary<string, string>(StringComparer.Ordinal);
        if (string.IsNullOrWhiteSpace(Name))
        {
            errors["recipe-name"] = "Name the recipe (letters, digits, '.', '_' or '-').";
        }

        if (string.IsNullOrWhiteSpace(Training.TrainName))
        {
            errors["recipe-dataset"] = "Name the training dataset (each firing takes its newest version).";
        }

        if (string.IsNullOrWhiteSpace(Training.Label))
        {
            errors["recipe-label"] = "Name the label column.";
        }

        if (CronPreview.Of(Cron, now).Error is { } cron)
        {
            errors["recipe-cron"] = cron;
        }

        return errors;
    }

    public RecipeRequest ToRequest() => new(
        Name.Trim(), Training.ToRequest(), string.IsNullOrWhiteSpace(Model) ? null : Model.Trim(), string.IsNullOrWhiteSpace(Cron) ? null : Cron.Trim());
}

/// <summary>What a cron expression means while it is typed: the reason it is invalid, or its next fire times (UTC).</summary>
public sealed record CronPreview(string? Error, IReadOnlyList<DateTimeOffset> Next)
{
    public static CronPreview Of(string? cron, DateTimeOffset now, int count = 3)
    {
        if (string.IsNullOrWhiteSpace(cron))
        {
            return new CronPreview(null, []);
        }

        if (!PortalCron.TryParse(cron.Trim(), out var parsed) || parsed is null)
        {
            return new CronPreview(
                $"'{cron.Trim()}' is not a valid cron expression: {PortalCron.Format}, e.g. 0 0 2 * * ? (02:00 UTC daily).", []);
        }

        // The recipe's recurring job runs in UTC (RecipeService), so the preview does too.
        var next = PortalCron.Next(parsed, now, count);

        return next.Count == 0 ? new CronPreview("This expression never fires again.", []) : new CronPreview(null, next);
    }

    public string Describe() => Next.Count == 0 ? string.Empty
        : "next: " + string.Join(", ", Next.Select(t => t.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture))) + " UTC";
}
