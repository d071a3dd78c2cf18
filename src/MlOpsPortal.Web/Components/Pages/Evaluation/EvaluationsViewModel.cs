using System.Globalization;
using MlOpsPortal.Infrastructure.Evaluation;

namespace MlOpsPortal.Web.Components.Pages.Evaluation;

/// <summary>Cell texts of the evaluations list.</summary>
public static class EvaluationsViewModel
{
    public static string Model(EvaluationListItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        return item.Model is { } m ? string.Create(CultureInfo.InvariantCulture, $"{m} v{item.ModelVersion}") : "(not registered)";
    }

    public static string Headline(EvaluationListItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        return item.HeadlineMetric is { } key ? $"{key} {(item.HeadlineValue is { } v ? v.ToString("0.####", CultureInfo.InvariantCulture) : "n/a")}" : "—";
    }

    public static string When(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
}
