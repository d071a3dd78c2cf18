using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MlOpsPortal.Infrastructure.Jobs;
using MlOpsPortal.Web.Auth;
using MudBlazor;

namespace MlOpsPortal.Web.Components.Pages.Admin;

public sealed partial class Cluster : IDisposable
{
    private readonly CancellationTokenSource _disposed = new();
    private IReadOnlyList<ClusterNodeDto> _nodes = [];
    private IReadOnlyList<JobKindLimitDto> _limits = [];
    private Dictionary<string, int?> _edits = [];
    private string? _error;
    private int? _quota;
    private int? _quotaSaved;

    [Inject]
    private ClusterNodes Nodes { get; set; } = null!;

    [Inject]
    private JobConcurrency Limits { get; set; } = null!;

    [Inject]
    private AuthenticationStateProvider AuthState { get; set; } = null!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = null!;

    public void Dispose()
    {
        _disposed.Cancel();
        _disposed.Dispose();
    }

    protected override Task OnInitializedAsync() => LoadAsync();

    private async Task LoadAsync()
    {
        _nodes = await Nodes.ListAsync(_disposed.Token);
        _limits = await Limits.ListAsync(_disposed.Token);
        _edits = _limits.ToDictionary(l => l.Kind, l => l.MaxPerNode);
        _quota = _quotaSaved = (await Limits.GetQuotaAsync(_disposed.Token)).MaxRunningPerUser;
    }

    private async Task SaveQuotaAsync()
    {
        var user = (await AuthState.GetAuthenticationStateAsync()).User;
        var result = await Limits.SetQuotaAsync(new JobQuotaRequest(_quota), CurrentActor.From(user), _disposed.Token);
        _error = result.Error?.Message;
        if (result.IsSuccess)
        {
            Snackbar.Add(_quota is { } n ? $"A user now runs at most {n} job(s) at once." : "No per-user limit on running jobs.", Severity.Success);
        }

        await LoadAsync();
    }

    private async Task SaveAsync(string kind)
    {
        var user = (await AuthState.GetAuthenticationStateAsync()).User;
        var limit = _edits.GetValueOrDefault(kind);
        var result = await Limits.SetAsync(kind, new JobKindLimitRequest(limit), CurrentActor.From(user), _disposed.Token);
        _error = result.Error?.Message;
        if (result.IsSuccess)
        {
            Snackbar.Add(limit is { } n ? $"A node now runs at most {n} {kind} job(s) at once." : $"No limit on {kind} jobs per node.", Severity.Success);
        }

        await LoadAsync();
    }
}
