using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MlOpsPortal.Application.Audit;
using MlOpsPortal.Infrastructure.Identity;
using MlOpsPortal.Web.Auth;
using MudBlazor;

namespace MlOpsPortal.Web.Components.Pages.Account;

public sealed partial class Tokens : IDisposable
{
    private readonly CancellationTokenSource _disposed = new();
    private readonly TokensViewModel _model = new();
    private MudForm? _form;
    private IReadOnlyList<TokenInfo> _tokens = [];
    private string? _created;
    private string? _error;
    private Actor _actor = Actor.System;

    [Inject]
    private ApiTokenService TokenService { get; set; } = null!;

    [Inject]
    private AuthenticationStateProvider AuthState { get; set; } = null!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = null!;

    [Inject]
    private IDialogService Dialogs { get; set; } = null!;

    public void Dispose()
    {
        _disposed.Cancel();
        _disposed.Dispose();
    }

    protected override async Task OnInitializedAsync()
    {
        _actor = CurrentActor.From((await AuthState.GetAuthenticationStateAsync()).User);
        await LoadAsync();
    }

    private async Task LoadAsync() => _tokens = await TokenService.ListAsync(_actor.UserId!, _disposed.Token);

    private async Task CreateAsync()
    {
        _created = null;
        _error = _model.Validate();
        if (_error is not null)
        {
            return;
        }

        var result = await TokenService.CreateAsync(_actor.UserId!, _actor.Name, _model.Name.Trim(), [.. _model.Scopes], _model.Days, _disposed.Token);
        _error = result.Error?.Message;
        if (result.IsSuccess)
        {
            _created = result.Value.Secret;
            Snackbar.Add($"Token '{_model.Name.Trim()}' created. Copy it now.", Severity.Success);
            _model.Name = string.Empty;
            await LoadAsync();
        }
    }

    private async Task RevokeAsync(TokenInfo token)
    {
        var confirmed = await Dialogs.ShowMessageBoxAsync("Revoke token",
            $"Scripts that use '{token.Name}' ({token.Prefix}…) stop working at once. Revoke it?", yesText: "Revoke", cancelText: "Keep");
        if (confirmed != true)
        {
            return;
        }

        var result = await TokenService.RevokeAsync(_actor.UserId!, _actor.Name, token.Id, _disposed.Token);
        _error = result.Error?.Message;
        if (result.IsSuccess)
        {
            Snackbar.Add($"Token '{token.Name}' revoked.", Severity.Info);
        }

        await LoadAsync();
    }
}
