using System.Text.RegularExpressions;
using MlOpsPortal.Infrastructure.Monitoring;
using MlOpsPortal.Infrastructure.Training;

namespace MlOpsPortal.Web.Components.Pages.Monitoring;

/// <summary>The new-monitor form: values, validation in the user's words keyed by field, and the request for <see cref="MonitorService"/>.</summary>
public sealed partial class MonitorFormModel
{
    public string? Name { get; set; }

    public string? Model { get; set; }

    public string? Alias { get; set; } = "production";

    public DatasetRef? Reference { get; set; }

    public int WindowHours { get; set; } = 24;

    public string? Cron { get; set; }

    public double? DriftShareAlert { get; set; }

    public string? MetricAlert { get; set; }

    public double? MetricBelow { get; set; }

    public string? RetrainRecipe { get; set; }

    public IReadOnlyDictionary<string, string> Validate()
    {
        var problems = new Dictionary<string, string>(StringComparer.Ordinal);
        if (string.IsNullOrWhiteSpace(Name) || !NamePattern().IsMatch(Name.Trim()))
        {
            problems["name"] = "Give the monitor a name of up to 128 letters, digits, '.', '_' or '-'.";
        }

        if (string.IsNullOrWhiteSpace(Model))
        {
            problems["model"] = "Choose the model to watch.";
        }

        if (WindowHours is < 1 or > 2160)
        {
            problems["windowHours"] = "The current window must be between 1 hour and 90 days (2,160 hours).";
        }

        if (!string.IsNullOrWhiteSpace(Cron) && !MlOpsPortal.Infrastructure.Jobs.PortalCron.TryParse(Cron.Trim(), out _))
        {
            problems["cron"] = "Not a valid schedule: cron with seconds first, e.g. \"0 0 * * * ?\" for every hour (UTC).";
        }

        if (DriftShareAlert is < 0 or > 1)
        {
            problems["driftShareAlert"] = "Alert when this share of features drifts: a number between 0 and 1.";
        }

        if (string.IsNullOrEmpty(MetricAlert) != (MetricBelow is null))
        {
            problems["metricAlert"] = "Give both the live metric and the level it must not fall below, or neither.";
        }

        return problems;
    }

    public MonitorRequest ToRequest() => new(Name?.Trim(), Model, Blank(Alias), Reference, WindowHours, null, Blank(Cron), DriftShareAlert,
        Blank(MetricAlert), MetricBelow, Blank(RetrainRecipe));

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    [GeneratedRegex(@"^[\w.\-]{1,128}$")]
    private static partial Regex NamePattern();
}
