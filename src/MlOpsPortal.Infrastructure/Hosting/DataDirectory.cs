namespace MlOpsPortal.Infrastructure.Hosting;

/// <summary>
/// The instance's data directory (private PostgreSQL cluster, artifact store, logs): MLOPS_DATA_DIR, default ./.mlops.
/// An exclusive lock file stops a second instance from using the same directory.
/// </summary>
public sealed class DataDirectory : IDisposable
{
    private FileStream? _lock;

    public DataDirectory(string path)
    {
        Path = System.IO.Path.GetFullPath(path);
    }

    public string Path { get; }

    public string PostgresData => System.IO.Path.Combine(Path, "pgdata");

    public string Artifacts => System.IO.Path.Combine(Path, "artifacts");

    public string Logs => System.IO.Path.Combine(Path, "logs");

    /// <summary>ASP.NET Core data-protection keys (sign-in cookies, antiforgery) so they survive restarts.</summary>
    public string Keys => System.IO.Path.Combine(Path, "keys");

    /// <summary>MLOPS_DATA_DIR when set (relative paths against <paramref name="baseDirectory"/>), else &lt;base&gt;/.mlops.</summary>
    public static string Resolve(string? configured, string baseDirectory) =>
        System.IO.Path.GetFullPath(string.IsNullOrWhiteSpace(configured) ? ".mlops" : configured, baseDirectory);

    /// <summary>
    /// Creates the directory when missing, checks that it is writable and takes its lock; a directory that cannot be
    /// used, or one held by another running instance, fails with a <see cref="PortalStartupException"/> saying what to do.
    /// </summary>
    public void Lock()
    {
        EnsureWritable();
        foreach (var own in new[] { Artifacts, Keys, Logs })
        {
            // Only the portal's user reads these, even when the directory itself must be passable for PostgreSQL.
            Directory.CreateDirectory(own, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        var lockPath = System.IO.Path.Combine(Path, "portal.lock");
        try
        {
            // FileShare.None is an exclusive advisory lock (flock) on Linux; it is released when the process dies.
            _lock = new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            _lock.SetLength(0);
            var pid = System.Text.Encoding.ASCII.GetBytes(Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture));
            _lock.Write(pid);
            _lock.Flush();
        }
        catch (IOException ex)
        {
            var holder = TryReadPid(lockPath);
            throw new PortalStartupException(
                $"The data directory {Path} is already in use by another MlOpsPortal instance{holder}. " +
                "Stop that instance, or set MLOPS_DATA_DIR to another directory to run a second one side by side.", ex);
        }
    }

    public void Dispose()
    {
        _lock?.Dispose();
        _lock = null;
    }

    private void EnsureWritable()
    {
        var probe = System.IO.Path.Combine(Path, $".write-check-{Environment.ProcessId}");
        try
        {
            Directory.CreateDirectory(Path);
            File.WriteAllBytes(probe, []);
            File.Delete(probe);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new PortalStartupException(
                $"The data directory {Path} cannot be written ({ex.Message.TrimEnd('.')}). " +
                "Set MLOPS_DATA_DIR to a writable directory (the portal keeps its database, artifacts and keys there).", ex);
        }
    }

    private static string TryReadPid(string lockPath)
    {
        try
        {
            using var s = new FileStream(lockPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            using var r = new StreamReader(s);
            var text = r.ReadToEnd().Trim();
            return text.Length > 0 ? $" (pid {text})" : string.Empty;
        }
        catch (IOException)
        {
            return string.Empty;
        }
    }
}
