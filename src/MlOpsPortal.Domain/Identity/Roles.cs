namespace MlOpsPortal.Domain.Identity;

/// <summary>The portal's roles. A user may hold several; Admin implies nothing else by itself.</summary>
public static class Roles
{
    public const string Viewer = "Viewer";
    public const string DataScientist = "DataScientist";
    public const string Approver = "Approver";
    public const string Admin = "Admin";

    /// <summary>
    /// A permission held in addition to a role: sees personal-data columns unredacted (previews, version pages); every
    /// such read is audited. Nobody holds it by default, Admins included.
    /// </summary>
    public const string PersonalDataReader = "PersonalDataReader";

    public static readonly IReadOnlyList<string> All = [Viewer, DataScientist, Approver, Admin, PersonalDataReader];

    /// <summary>The roles that may read the portal (PersonalDataReader alone grants nothing).</summary>
    public static readonly IReadOnlyList<string> Reading = [Viewer, DataScientist, Approver, Admin];
}

/// <summary>Scopes of a personal access token.</summary>
public static class TokenScopes
{
    public const string Read = "read";
    public const string Write = "write";
    public const string Score = "score";

    public static readonly IReadOnlyList<string> All = [Read, Write, Score];
}
