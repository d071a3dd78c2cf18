using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MlOpsPortal.Infrastructure.Identity;
using MlOpsPortal.Web.Auth;
using MudBlazor;

namespace MlOpsPortal.Web.Components.Pages.Admin;

public sealed partial class Users : IDisposable
{
    private readonly CancellationTokenSource _disposed = new();
    private NewUserForm _form = new();
    private IReadOnlyList<UserSummary> _users = [];
    private string? _search;
    private string? _formError;
    private bool _showCreate;

    [Inject]
    private IServiceScopeFactory ScopeFactory { get; set; } = null!;

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

    private bool Matches(UserSummary user) => NewUserForm.Matches(user, _search);

    private async Task LoadAsync()
    {
        await using var scope = ScopeFactory.CreateAsyncScope();
        _users = await scope.ServiceProvider.GetRequiredService<UserAdminService>().ListAsync(_disposed.Token);
    }

    private async Task CreateAsync()
    {
        _formError = _form.Validate();
        if (_formError is not null)
        {
            return;
        }

        var actor = CurrentActor.From((await AuthState.GetAuthenticationStateAsync()).User);
        await using (var scope = ScopeFactory.CreateAsyncScope())
        {
            var email = _form.Email.Trim();
            var result = await scope.ServiceProvider.GetRequiredService<UserAdminService>()
                .CreateAsync(actor, email, string.IsNullOrWhiteSpace(_form.DisplayName) ? email : _form.DisplayName.Trim(), _form.Password, [.. _form.Roles], _disposed.Token);
            if (result.IsFailure)
            {
                _formError = result.Error.Message;
                return;
            }

            Snackbar.Add($"Created {email} ({string.Join(", ", result.Value.Roles)}).", Severity.Success);
        }

        _form = new NewUserForm();
        _showCreate = false;
        await LoadAsync();
    }

    private async Task SetRoleAsync(UserSummary user, string role, bool on)
    {
        var roles = NewUserForm.WithRole(user.Roles, role, on);
        var actor = CurrentActor.From((await AuthState.GetAuthenticationStateAsync()).User);
        await using (var scope = ScopeFactory.CreateAsyncScope())
        {
            var result = await scope.ServiceProvider.GetRequiredService<UserAdminService>().SetRolesAsync(actor, user.Id, roles, _disposed.Token);
            if (result.IsSuccess)
            {
                Snackbar.Add($"Roles of {user.Email}: {string.Join(", ", result.Value.Roles)}. It takes effect at once.", Severity.Success);
            }
            else
            {
                Snackbar.Add(result.Error.Message, Severity.Error);
            }
        }

        await LoadAsync();
    }
}

/// <summary>The new-user form and the role edits of the Users page, checked without rendering.</summary>
public sealed class NewUserForm
{
    public string Email { get; set; } = string.Empty;

    public string DisplayName { get; set; } = string.Empty;

    public string Password { get; set; } = string.Empty;

    public HashSet<string> Roles { get; } = [Domain.Identity.Roles.Viewer];

    public static bool Matches(UserSummary user, string? search) =>
        string.IsNullOrWhiteSpace(search)
        || user.Email.Contains(search.Trim(), StringComparison.OrdinalIgnoreCase)
        || user.DisplayName.Contains(search.Trim(), StringComparison.OrdinalIgnoreCase);

    public static List<string> WithRole(IEnumerable<string> current, string role, bool on) =>
        on ? [.. current.Append(role).Distinct(StringComparer.Ordinal)] : [.. current.Where(r => r != role)];

    public void Toggle(string role, bool on)
    {
        if (on)
        {
            Roles.Add(role);
        }
        else
        {
            Roles.Remove(role);
        }
    }

    public string? Validate() =>
        string.IsNullOrWhiteSpace(Email) || !Email.Contains('@', StringComparison.Ordinal) ? "Enter the person's email address, e.g. ana@example.com."
        : string.IsNullOrEmpty(Password) ? "Set an initial password; the person can change it after signing in."
        : Roles.Count == 0 ? "Choose at least one role."
        : null;
}
