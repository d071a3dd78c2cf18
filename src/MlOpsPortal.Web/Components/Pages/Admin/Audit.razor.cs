using Microsoft.AspNetCore.Components;
using MlOpsPortal.Application.Audit;
using MudBlazor;

namespace MlOpsPortal.Web.Components.Pages.Admin;

public sealed partial class Audit : IDisposable
{
    private readonly CancellationTokenSource _disposed = new();
    private readonly AuditViewModel _model = new();
    private MudDataGrid<AuditEntryDto>? _grid;

    [Inject]
    private IAuditLog AuditLog { get; set; } = null!;

    public void Dispose()
    {
        _disposed.Cancel();
        _disposed.Dispose();
    }

    private async Task<GridData<AuditEntryDto>> LoadAsync(GridState<AuditEntryDto> state, CancellationToken cancellationToken)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _disposed.Token);
        // One row more than a page tells whether older entries exist, without counting the whole log.
        var rows = await AuditLog.QueryAsync(_model.Query(), linked.Token);
        return _model.Accept(rows);
    }

    private Task FilterAsync()
    {
        _model.Restart();
        return Reload();
    }

    private Task NextAsync()
    {
        _model.Older();
        return Reload();
    }

    private Task PreviousAsync()
    {
        _model.Newer();
        return Reload();
    }

    private Task Reload() => _grid?.ReloadServerData() ?? Task.CompletedTask;
}
