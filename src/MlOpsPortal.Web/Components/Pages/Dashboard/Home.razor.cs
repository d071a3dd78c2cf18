using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MlOpsPortal.Domain.Identity;
using MlOpsPortal.Web.Auth;

namespace MlOpsPortal.Web.Components.Pages.Dashboard;

public sealed partial class Home : IDisposable
{
    private readonly CancellationTokenSource _disposed = new();
    private DashboardData? _data;
    private IReadOnlyList<ChecklistStep> _checklist = [];
    private string? _userName;
    private IReadOnlyList<string> _roles = [];
    private bool _isApprover;
    private bool _interactive;
    private DateTimeOffset _now;

    [Inject]
    private DashboardQueries Queries { get; set; } = null!;

    [Inject]
    private AuthenticationStateProvider AuthState { get; set; } = null!;

    [Inject]
    private TimeProvider Time { get; set; } = null!;

    public void Dispose()
    {
        _disposed.Cancel();
        _disposed.Dispose();
    }

    protected override async Task OnInitializedAsync()
    {
        var user = (await AuthState.GetAuthenticationStateAsync()).User;
        _userName = user.Identity?.Name;
        _roles = [.. Roles.All.Where(user.IsInRole)];
        _isApprover = user.IsInRole(Roles.Approver);
        await LoadAsync();
    }

    /// <summary>Loads (again, after the sample project has loaded) every card and the checklist.</summary>
    private async Task LoadAsync()
    {
        var user = (await AuthState.GetAuthenticationStateAsync()).User;
        _now = Time.GetUtcNow();
        try
        {
            _data = await Queries.LoadAsync(CurrentActor.UserId(user), _isApprover, _disposed.Token);
            _checklist = DashboardViewModel.Checklist(_data.Progress);
        }
        catch (OperationCanceledException) when (_disposed.IsCancellationRequested)
        {
            // The page went away while loading.
        }
    }

    protected override void OnAfterRender(bool firstRender)
    {
        if (firstRender && RendererInfo.IsInteractive)
        {
            _interactive = true;
            StateHasChanged();
        }
    }
}
