using Microsoft.AspNetCore.Identity;
using MlOpsPortal.Infrastructure.Identity;

namespace MlOpsPortal.Web.Auth;

/// <summary>
/// One answer for every failed sign-in (unknown email, wrong password, locked account), in the browser and in the token
/// exchange, so that a caller cannot tell which accounts exist or which ones it has locked.
/// </summary>
public static class SignInFailure
{
    public const string Message =
        "Invalid email or password, or the account is locked after 5 failed sign-ins (try again in 15 minutes).";

    private static string? _dummyHash;

    /// <summary>For an unknown email: spends the time of a password check, as a known account would.</summary>
    public static void SpendPasswordCheck(IPasswordHasher<PortalUser> hasher, string password)
    {
        var nobody = new PortalUser();
        var hash = _dummyHash ??= hasher.HashPassword(nobody, "not-the-password-of-anyone");
        _ = hasher.VerifyHashedPassword(nobody, hash, password);
    }
}
