using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using MlOpsPortal.Application.Audit;
using MlOpsPortal.Domain.Common;
using MlOpsPortal.Domain.Identity;
using MlOpsPortal.Infrastructure.Audit;
using MlOpsPortal.Infrastructure.Persistence;

namespace MlOpsPortal.Infrastructure.Identity;

public sealed record TokenInfo(Guid Id, string Name, string Prefix, IReadOnlyList<string> Scopes, DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt, DateTimeOffset? RevokedAt, DateTimeOffset? LastUsedAt);

public sealed record CreatedToken(TokenInfo Info, string Secret);

/// <summary>The user a valid bearer token stands for, with the token's scopes.</summary>
public sealed record TokenPrincipal(string UserId, string UserName, Guid TokenId, IReadOnlyList<string> Scopes);

/// <summary>Personal access tokens: 256 random bits, shown once, stored as SHA-256 (high-entropy secrets need no slow hash).</summary>
public sealed class ApiTokenService(IDbContextFactory<PortalDbContext> dbFactory, TimeProvider time, ApiTokenCache cache)
{
    public const string TokenPrefix = "mlp_";
    public const int MaxExpiryDays = 366;

    public async Task<Result<CreatedToken>> CreateAsync(string userId, string actorName, string name, IReadOnlyCollection<string> scopes, int expiresInDays, CancellationToken cancellationToken)
    {
        name = name?.Trim() ?? string.Empty;
        if (name.Length is 0 or > 100)
        {
            return Error.Invalid("Token name is required and must be at most 100 characters.");
        }

        if (scopes.Count == 0 || scopes.Any(s => !TokenScopes.All.Contains(s)))
        {
            return Error.Invalid($"Scopes must be a non-empty subset of: {string.Join(", ", TokenScopes.All)}.");
        }

        if (expiresInDays is < 1 or > MaxExpiryDays)
        {
            return Error.Invalid($"expiresInDays must be between 1 and {MaxExpiryDays}.");
        }

        var secret = TokenPrefix + Base64Url(RandomNumberGenerator.GetBytes(32));
        var now = time.GetUtcNow();
        var token = new ApiToken
        {
            Id = Guid.NewGuid(),
            UserId = userId,
            Name = name,
            Prefix = secret[..10],
            SecretHash = Hash(secret),
            Scopes = scopes.Distinct().Order(StringComparer.Ordinal).ToList(),
            CreatedAt = now,
            ExpiresAt = now.AddDays(expiresInDays),
        };
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        db.ApiTokens.Add(token);
        var info = ToInfo(token);
        AuditLog.Stage(db, new AuditRecord(new Actor(actorName, userId), "token.created", "ApiToken", token.Id.ToString(), After: info), now);
        await db.SaveChangesAsync(cancellationToken);
        return new CreatedToken(info, secret);
    }

    public async Task<IReadOnlyList<TokenInfo>> ListAsync(string userId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var tokens = await db.ApiTokens.AsNoTracking().Where(t => t.UserId == userId).OrderByDescending(t => t.CreatedAt).ToListAsync(cancellationToken);
        return tokens.Select(ToInfo).ToList();
    }

    public async Task<Result<TokenInfo>> RevokeAsync(string userId, string actorName, Guid tokenId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var token = await db.ApiTokens.SingleOrDefaultAsync(t => t.Id == tokenId && t.UserId == userId, cancellationToken);
        if (token is null)
        {
            return Error.NotFound($"Token {tokenId} not found.");
        }

        if (token.RevokedAt is not null)
        {
            return Error.InvalidState("Token is already revoked.");
        }

        var before = ToInfo(token);
        token.RevokedAt = time.GetUtcNow();
        AuditLog.Stage(db, new AuditRecord(new Actor(actorName, userId), "token.revoked", "ApiToken", token.Id.ToString(), before, ToInfo(token)), token.RevokedAt.Value);
        await db.SaveChangesAsync(cancellationToken);
        cache.Clear();
        return ToInfo(token);
    }

    /// <summary>Resolves a presented bearer secret; null when unknown, revoked or expired.</summary>
    public async Task<TokenPrincipal?> ValidateAsync(string secret, CancellationToken cancellationToken)
    {
        if (!secret.StartsWith(TokenPrefix, StringComparison.Ordinal) || secret.Length > 200)
        {
            return null;
        }

        var hash = Hash(secret);
        var now = time.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var row = await db.ApiTokens
            .Where(t => t.SecretHash == hash && t.RevokedAt == null && t.ExpiresAt > now)
            .Join(db.Users, t => t.UserId, u => u.Id, (t, u) => new { t.Id, t.UserId, u.UserName, t.Scopes, t.LastUsedAt })
            .SingleOrDefaultAsync(cancellationToken);
        // A sign-in lockout (failed passwords, which anyone can cause) does not stop the user's tokens: revoke them instead.
        if (row is null)
        {
            return null;
        }

        if (row.LastUsedAt is null || now - row.LastUsedAt > TimeSpan.FromMinutes(1))
        {
            await db.ApiTokens.Where(t => t.Id == row.Id).ExecuteUpdateAsync(s => s.SetProperty(t => t.LastUsedAt, now), cancellationToken);
        }

        return new TokenPrincipal(row.UserId, row.UserName ?? row.UserId, row.Id, row.Scopes);
    }

    internal static byte[] Hash(string secret) => SHA256.HashData(Encoding.UTF8.GetBytes(secret));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static TokenInfo ToInfo(ApiToken t) => new(t.Id, t.Name, t.Prefix, t.Scopes, t.CreatedAt, t.ExpiresAt, t.RevokedAt, t.LastUsedAt);
}
