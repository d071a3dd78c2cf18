using Microsoft.AspNetCore.Components;
using MlOpsPortal.Infrastructure.Registry;

namespace MlOpsPortal.Web.Components.Pages.Registry;

/// <summary>A model version in tabs, summary first; the tab is in the URL (<c>?tab=card</c>).</summary>
public partial class VersionPage
{
    private static readonly string[] Tabs = ["summary", "evaluation", "fairness", "explanations", "card", "lineage", "history"];

    private VersionInfo? _version;
    private ModelCardInfo? _card;
    private VersionInfo? _champion;
    private string _championAlias = "production";
    private IReadOnlyList<MetricComparison> _metrics = [];
    private IReadOnlyList<LineageLink> _lineage = [];
    private IReadOnlyList<HistoryItem> _history = [];
    private PromotionRequestInfo? _latestRequest;
    private string? _error;
    private int _tab;
    private string? _appliedTab;

    [Parameter]
    public string Name { get; set; } = string.Empty;

    [Parameter]
    public int Version { get; set; }

    /// <summary>Which tab opens: summary, evaluation, fairness, explanations, card, lineage or history.</summary>
    [SupplyParameterFromQuery(Name = "tab")]
    public string? Tab { get; set; }

    [Inject]
    private RegistryService Registry { get; set; } = null!;

    [Inject]
    private ModelCardService Cards { get; set; } = null!;

    [Inject]
    private PromotionService Promotions { get; set; } = null!;

    [Inject]
    private RegistryInsights Insights { get; set; } = null!;

    internal static int TabIndex(string? tab) => Math.Max(0, Array.IndexOf(Tabs, tab?.ToLowerInvariant()));

    private static string RegistryInsightsHref(LineageDatasetRef d) =>
        int.TryParse(d.Version.TrimStart('v'), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n)
            ? $"/datasets/{Uri.EscapeDataString(d.Name)}/versions/{n}"
            : $"/datasets/{Uri.EscapeDataString(d.Name)}";

    private int Count(LineageKind kind) => _lineage.Count(l => l.Kind == kind);

    protected override async Task LoadAsync()
    {
        if (_appliedTab != Tab)
        {
            _appliedTab = Tab;
            _tab = TabIndex(Tab);
        }

        var version = await Registry.GetVersionAsync(Name, Version, Aborted);
        _version = version.IsSuccess ? version.Value : null;
        _error = version.Error?.Message;
        if (_version is null)
        {
            return;
        }

        var card = await Cards.GetAsync(Name, Version, Aborted);
        _card = card.IsSuccess ? card.Value : null;
        var lineage = await Insights.LineageAsync(Name, Version, Aborted);
        _lineage = lineage.IsSuccess ? lineage.Value : [];
        var history = await Promotions.HistoryAsync(Name, null, 200, Aborted);
        _history = history.IsSuccess ? history.Value.Where(h => h.Version == Version || h.ToVersion == Version || h.FromVersion == Version).ToList() : [];
        var requests = await Promotions.ListRequestsAsync(Name, null, Caller.UserId, 50, Aborted);
        _latestRequest = requests.FirstOrDefault(r => r.Version == Version);

        // Key metrics beside the version that holds production (or champion) now, unless that is this version.
        _champion = null;
        var model = await Registry.GetModelAsync(Name, Aborted);
        var holder = model.IsSuccess
            ? model.Value.Aliases.FirstOrDefault(a => a.Alias == "production") ?? model.Value.Aliases.FirstOrDefault(a => a.Alias == "champion")
            : null;
        if (holder is not null && holder.Version != Version)
        {
            _championAlias = holder.Alias;
            var champion = await Registry.GetVersionAsync(Name, holder.Version, Aborted);
            _champion = champion.IsSuccess ? champion.Value : null;
        }

        _metrics = MetricComparer.Compare(_version.Metrics, _champion?.Metrics, model.IsSuccess ? model.Value.Policy.MetricThresholds : null);
    }
}
