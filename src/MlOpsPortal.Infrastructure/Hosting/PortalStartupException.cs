namespace MlOpsPortal.Infrastructure.Hosting;

/// <summary>
/// A start-up failure the operator can fix (a data directory that cannot be used, missing PostgreSQL binaries).
/// The host prints its message as one line and exits non-zero instead of showing a stack trace.
/// </summary>
public sealed class PortalStartupException : Exception
{
    public PortalStartupException()
    {
    }

    public PortalStartupException(string message)
        : base(message)
    {
    }

    public PortalStartupException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
