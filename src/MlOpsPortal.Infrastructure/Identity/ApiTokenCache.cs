using System.Collections.Concurrent;

namespace MlOpsPortal.Infrastructure.Identity;

/// <summary>
/// Authenticated bearer tokens with their user's roles, kept for <see cref="Ttl"/> so that a scoring client does not pay
/// three database round trips per request. Keyed by the token's SHA-256 (the secret itself is never kept). Revoking a
/// token or changing roles on this node clears the cache at once; another node notices within <see cref="Ttl"/>.
/// </summary>
public sealed class ApiTokenCache(TimeProvider time)
{
    public static readonly TimeSpan Ttl = TimeSpan.FromSeconds(5);
    private const int Capacity = 10_000;
    private readonly ConcurrentDictionary<string, (TokenPrincipal Principal, IReadOnlyList<string> Roles, long At)> _entries = new(StringComparer.Ordinal);

    public bool TryGet(string secret, out TokenPrincipal principal, out IReadOnlyList<string> roles)
    {
        if (_entries.TryGetValue(Key(secret), out var hit) && time.GetElapsedTime(hit.At) < Ttl)
        {
            (principal, roles) = (hit.Principal, hit.Roles);
            return true;
        }

        (principal, roles) = (null!, []);
        return false;
    }

    public void Set(string secret, TokenPrincipal principal, IReadOnlyList<string> roles)
    {
        if (_entries.Count >= Capacity)
        {
            _entries.Clear();
        }

        _entries[Key(secret)] = (principal, roles, time.GetTimestamp());
    }

    public void Clear() => _entries.Clear();

    private static string Key(string secret) => Convert.ToHexString(ApiTokenService.Hash(secret));
}
