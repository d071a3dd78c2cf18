using System.Security.Claims;
using MlOpsPortal.Domain.Identity;
using MudBlazor;

namespace MlOpsPortal.Web.Components.Layout;

/// <summary>One menu entry: its label, address, icon and the roles that may open it (empty: every signed-in user).</summary>
public sealed record NavItem(string Title, string Href, string Icon, IReadOnlyList<string> Roles)
{
    public bool Allows(ClaimsPrincipal user) => Roles.Count == 0 || Roles.Any(user.IsInRole);
}

public sealed record NavGroup(string Title, string Icon, IReadOnlyList<NavItem> Items);

/// <summary>
/// The portal's menu, grouped the way a model's life runs (Data, Develop, Models, Responsible AI, Operate, Admin).
/// A user sees only the entries their roles can open, and no group left empty.
/// </summary>
public static class NavMenuModel
{
    private static readonly string[] Authors = [Roles.DataScientist, Roles.Admin];
    private static readonly string[] AdminOnly = [Roles.Admin];

    public static IReadOnlyList<NavGroup> All { get; } =
    [
        new("Data", Icons.Material.Outlined.TableChart,
        [
            new("Datasets", "/datasets", Icons.Material.Outlined.Storage, []),
        ]),
        new("Develop", Icons.Material.Outlined.Science,
        [
            new("Experiments", "/experiments", Icons.Material.Outlined.Science, []),
            new("Train", "/training/new", Icons.Material.Outlined.ModelTraining, Authors),
            new("HPO search", "/training/hpo", Icons.Material.Outlined.TravelExplore, Authors),
            new("Recipes", "/training/recipes", Icons.Material.Outlined.EventRepeat, []),
        ]),
        new("Models", Icons.Material.Outlined.Inventory2,
        [
            new("Models", "/models", Icons.Material.Outlined.Inventory2, []),
            new("Approvals", "/approvals", Icons.Material.Outlined.FactCheck, []),
        ]),
        new("Responsible AI", Icons.Material.Outlined.Balance,
        [
            new("Fairness", "/fairness", Icons.Material.Outlined.Balance, []),
            new("Evaluations", "/evaluations", Icons.Material.Outlined.Assessment, []),
            new("Explanations", "/explanations", Icons.Material.Outlined.Insights, []),
        ]),
        new("Operate", Icons.Material.Outlined.MonitorHeart,
        [
            new("Monitoring", "/monitoring", Icons.Material.Outlined.MonitorHeart, []),
            new("Jobs", "/jobs", Icons.Material.Outlined.WorkHistory, []),
        ]),
        new("Admin", Icons.Material.Outlined.AdminPanelSettings,
        [
            new("Users", "/admin/users", Icons.Material.Outlined.Group, AdminOnly),
            new("Audit log", "/admin/audit", Icons.Material.Outlined.History, AdminOnly),
            new("Cluster", "/admin/cluster", Icons.Material.Outlined.Dns, AdminOnly),
            new("Webhooks", "/admin/webhooks", Icons.Material.Outlined.Webhook, AdminOnly),
        ]),
    ];

    /// <summary>The groups and entries <paramref name="user"/> can open, in menu order.</summary>
    public static IReadOnlyList<NavGroup> For(ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(user);
        return [.. All
            .Select(g => g with { Items = [.. g.Items.Where(i => i.Allows(user))] })
            .Where(g => g.Items.Count > 0)];
    }
}
