using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MlOpsPortal.Infrastructure.Identity;
using MlOpsPortal.Web.Auth;

namespace MlOpsPortal.Web.Components.Pages.Account;

public sealed partial class Password : IDisposable
{
    private readonly CancellationTokenSource _disposed = new();
    private string _current = string.Empty;
    private string _new = string.Empty;
    private string? _message;
    private bool _ok;

    [Inject]
    private IServiceScopeFactory ScopeFactory { get; set; } = null!;

    [Inject]
    private AuthenticationStateProvider AuthState { get; set; } = null!;

    public void Dispose()
    {
        _disposed.Cancel();
        _disposed.Dispose();
    }

    private async Task ChangeAsync()
    {
        var user = (await AuthState.GetAuthenticationStateAsync()).User;
        // A fresh scope per operation: UserManager holds a DbContext, and a circuit lives long.
        await using var scope = ScopeFactory.CreateAsyncScope();
        var svc = scope.ServiceProvider.GetRequiredService<UserAdminService>();
        var result = await svc.ChangePasswordAsync(CurrentActor.From(user), CurrentActor.UserId(user), _current, _new, _disposed.Token);
        _ok = result.IsSuccess;
        _message = result.IsSuccess ? "Your password was changed." : result.Error.Message;
        _current = _new = string.Empty;
    }
}
