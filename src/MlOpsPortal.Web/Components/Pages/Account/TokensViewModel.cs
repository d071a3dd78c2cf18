using MlOpsPortal.Domain.Identity;

namespace MlOpsPortal.Web.Components.Pages.Account;

/// <summary>The new-token form: name, lifetime and scopes, checked before anything is sent.</summary>
public sealed class TokensViewModel
{
    public string Name { get; set; } = string.Empty;

    public int Days { get; set; } = 30;

    public HashSet<string> Scopes { get; } = [TokenScopes.Read];

    public static string Describe(string scope) => scope switch
    {
        TokenScopes.Read => "read: list and download",
        TokenScopes.Write => "write: create and change",
        TokenScopes.Score => "score: call prediction endpoints",
        _ => scope,
    };

    public void Toggle(string scope, bool on)
    {
        if (on)
        {
            Scopes.Add(scope);
        }
        else
        {
            Scopes.Remove(scope);
        }
    }

    /// <summary>Null when the form can be sent; otherwise what to fix, in the user's words.</summary>
    public string? Validate() =>
        string.IsNullOrWhiteSpace(Name) ? "Give the token a name you will recognise, e.g. 'ci-pipeline'."
        : Days is < 1 or > 366 ? "A token lives between 1 and 366 days."
        : Scopes.Count == 0 ? "Choose at least one scope: a token without scopes can do nothing."
        : null;
}
