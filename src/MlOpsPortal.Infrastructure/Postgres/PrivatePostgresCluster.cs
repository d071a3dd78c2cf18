using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;

namespace MlOpsPortal.Infrastructure.Postgres;

/// <summary>
/// A private PostgreSQL cluster started from the machine's PostgreSQL binaries in a data directory of ours:
/// used by the zero-configuration default and by the test harness. TCP on 127.0.0.1 only (no Unix socket),
/// password authentication with a generated password kept beside the cluster (mode 600).
/// When the process runs as root, the server runs as the 'postgres' system user (PostgreSQL refuses root).
/// </summary>
public sealed class PrivatePostgresCluster
{
    public const string SuperUser = "mlops";
    private readonly string _binDir;
    private readonly Action<string> _log;

    public PrivatePostgresCluster(string dataDirectory, string? binDirectory = null, Action<string>? log = null)
    {
        DataDirectory = Path.GetFullPath(dataDirectory);
        _binDir = binDirectory ?? FindBinDirectory();
        _log = log ?? (_ => { });
    }

    public string DataDirectory { get; }

    public int Port { get; private set; }

    public string Password { get; private set; } = string.Empty;

    public bool IsRunning { get; private set; }

    private string PasswordFile => DataDirectory + ".password";

    // Inside the data directory: the server (possibly the postgres user) must be able to write it.
    private string LogFile => Path.Combine(DataDirectory, "server.log");

    private static bool RunningAsRoot => Environment.UserName == "root";

    public string ConnectionString(string database = "postgres") =>
        $"Host=127.0.0.1;Port={Port};Username={SuperUser};Password={Password};Database={database}";

    /// <summary>Finds the newest /usr/lib/postgresql/N/bin holding initdb and pg_ctl.</summary>
    public static string FindBinDirectory()
    {
        var root = "/usr/lib/postgresql";
        var candidates = Directory.Exists(root)
            ? Directory.GetDirectories(root)
                .Select(d => Path.Combine(d, "bin"))
                .Where(d => File.Exists(Path.Combine(d, "initdb")) && File.Exists(Path.Combine(d, "pg_ctl")))
                .OrderByDescending(d => int.TryParse(Path.GetFileName(Path.GetDirectoryName(d)), out var v) ? v : 0)
                .ToList()
            : [];
        return candidates.FirstOrDefault()
            ?? throw new DirectoryNotFoundException(
                "PostgreSQL server binaries were not found under /usr/lib/postgresql/*/bin. " +
                "Install them (apt-get install -y postgresql) or configure ConnectionStrings:Portal to use an existing server.");
    }

    /// <summary>Creates the cluster on first use, then starts it on a free loopback port and waits until it accepts connections.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (RunningAsRoot)
        {
            await LetServerUserReachAsync(cancellationToken);
        }

        if (!File.Exists(Path.Combine(DataDirectory, "PG_VERSION")))
        {
            await InitializeAsync(cancellationToken);
        }

        Password = (await File.ReadAllTextAsync(PasswordFile, cancellationToken)).Trim();
        await StopOrphanAsync(cancellationToken);
        Port = FreePort();
        var options = $"-p {Port.ToString(CultureInfo.InvariantCulture)} -c listen_addresses=127.0.0.1 -c unix_socket_directories=''";
        _log($"Starting private PostgreSQL in {DataDirectory} on 127.0.0.1:{Port}");
        await RunAsync("pg_ctl", ["-D", DataDirectory, "-o", options, "-l", LogFile, "-w", "-t", "60", "start"], cancellationToken, detach: true);
        IsRunning = true;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (!IsRunning)
        {
            return;
        }

        _log($"Stopping private PostgreSQL in {DataDirectory}");
        await RunAsync("pg_ctl", ["-D", DataDirectory, "-m", "fast", "-w", "-t", "60", "stop"], cancellationToken);
        IsRunning = false;
    }

    private async Task InitializeAsync(CancellationToken cancellationToken)
    {
        _log($"Creating private PostgreSQL cluster in {DataDirectory}");
        Directory.CreateDirectory(DataDirectory);
        var password = Convert.ToHexString(RandomNumberGenerator.GetBytes(24)).ToLowerInvariant();
        await File.WriteAllTextAsync(PasswordFile, password, cancellationToken);
        File.SetUnixFileMode(PasswordFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        File.SetUnixFileMode(DataDirectory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        if (RunningAsRoot)
        {
            await RunRawAsync("chown", ["postgres:postgres", DataDirectory, PasswordFile], cancellationToken);
        }

        await RunAsync(
            "initdb",
            ["-D", DataDirectory, "-U", SuperUser, "--pwfile", PasswordFile, "--auth=scram-sha-256", "-E", "UTF8", "--locale=C.UTF-8"],
            cancellationToken);
        if (RunningAsRoot)
        {
            await RunRawAsync("chown", ["root:root", PasswordFile], cancellationToken);
        }
    }

    /// <summary>
    /// As root the server runs as the 'postgres' user, which must be able to pass through the directory that holds the
    /// cluster. A data directory of mode 0700 (what <c>mktemp -d</c> and many container volumes give) is owned by root and
    /// closed to it: we add the search bit for others (0700 becomes 0711: the directory can be passed through, not listed)
    /// and keep the portal's own sub-directories closed. A parent we do not own that is closed too is the operator's to
    /// open, and the message says so.
    /// </summary>
    private async Task LetServerUserReachAsync(CancellationToken cancellationToken)
    {
        var holder = Path.GetDirectoryName(DataDirectory)!;
        if (await ServerUserCanReachAsync(holder, cancellationToken))
        {
            return;
        }

        var mode = File.GetUnixFileMode(holder);
        if (!mode.HasFlag(UnixFileMode.OtherExecute))
        {
            _log($"Letting the 'postgres' user pass through {holder} (search permission for others; nobody else can list it).");
            File.SetUnixFileMode(holder, mode | UnixFileMode.OtherExecute);
            foreach (var child in Directory.EnumerateDirectories(holder).Where(d => !string.Equals(d, DataDirectory, StringComparison.Ordinal)))
            {
                File.SetUnixFileMode(child, File.GetUnixFileMode(child) & ~(UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute));
            }
        }

        if (!await ServerUserCanReachAsync(holder, cancellationToken))
        {
            throw new UnauthorizedAccessException(
                $"The private PostgreSQL runs as the 'postgres' user, which cannot reach {holder}: a parent directory is closed to it. " +
                "Allow it through (chmod o+x on each parent), or set MLOPS_DATA_DIR to a directory under /var/lib or /srv, " +
                "or set ConnectionStrings__Portal to use an existing PostgreSQL server.");
        }
    }

    private async Task<bool> ServerUserCanReachAsync(string directory, CancellationToken cancellationToken) =>
        await RunRawAsync("runuser", ["-u", "postgres", "--", "test", "-x", directory], cancellationToken, throwOnError: false) == 0;

    /// <summary>A server left running by a killed process of ours (we hold the data directory's lock) is stopped first.</summary>
    private async Task StopOrphanAsync(CancellationToken cancellationToken)
    {
        if (!File.Exists(Path.Combine(DataDirectory, "postmaster.pid")))
        {
            return;
        }

        var status = await RunAsync("pg_ctl", ["-D", DataDirectory, "status"], cancellationToken, throwOnError: false);
        if (status == 0)
        {
            _log("A PostgreSQL server left over from an earlier run is still running; stopping it.");
            await RunAsync("pg_ctl", ["-D", DataDirectory, "-m", "fast", "-w", "stop"], cancellationToken);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private Task<int> RunAsync(string tool, IReadOnlyList<string> args, CancellationToken cancellationToken, bool throwOnError = true, bool detach = false)
    {
        var exe = Path.Combine(_binDir, tool);
        if (RunningAsRoot)
        {
            return RunRawAsync("runuser", ["-u", "postgres", "--", exe, .. args], cancellationToken, throwOnError, detach);
        }

        return RunRawAsync(exe, args, cancellationToken, throwOnError, detach);
    }

    private async Task<int> RunRawAsync(string file, IReadOnlyList<string> args, CancellationToken cancellationToken, bool throwOnError = true, bool detach = false)
    {
        // setsid keeps the server out of our terminal's process group, so Ctrl-C reaches only us and we stop it cleanly.
        var psi = new ProcessStartInfo(detach ? "setsid" : file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (detach)
        {
            psi.ArgumentList.Add(file);
        }

        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        using var process = Process.Start(psi) ?? throw new InvalidOperationException($"Could not start {file}");
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        var output = (await stdout + await stderr).Trim();
        if (process.ExitCode != 0 && throwOnError)
        {
            var tail = File.Exists(LogFile) ? string.Join('\n', File.ReadLines(LogFile).TakeLast(10)) : string.Empty;
            throw new InvalidOperationException($"{Path.GetFileName(file)} {string.Join(' ', args.Where(a => a != Password))} failed ({process.ExitCode}): {output}\n{tail}".Trim());
        }

        return process.ExitCode;
    }
}
