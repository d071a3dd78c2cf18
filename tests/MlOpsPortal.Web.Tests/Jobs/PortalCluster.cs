using System.Diagnostics;
using System.Text;
using MlOpsPortal.TestSupport;
using MlOpsPortal.TestSupport.Web;

namespace MlOpsPortal.Web.Tests.Jobs;

/// <summary>
/// A two-node cluster: the in-process portal serves the API with its job scheduler in standby (it enqueues but runs
/// nothing), and two real portal processes (the built MlOpsPortal.Web.dll, node ids <c>node-a</c> and <c>node-b</c>)
/// share its database and artifact store (each has its own data directory) and run every job. Hangfire heartbeat 1 s, invisibility timeout 10 s,
/// job lease 4 s, so a killed node's job is taken over within about 10 s.
/// </summary>
public sealed class PortalCluster : PortalApp
{
    private readonly List<PortalNode> _nodes = [];

    public IReadOnlyList<PortalNode> Nodes => _nodes;

    protected override IEnumerable<string> ExtraArgs => ["--Jobs:Enabled=false", "--Jobs:EventPollMilliseconds=500"];

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        foreach (var id in new[] { "node-a", "node-b" })
        {
            _nodes.Add(PortalNode.Start(id, ConnectionString, DataDirectory));
        }

        await Task.WhenAll(_nodes.Select(n => n.WaitReadyAsync(TimeSpan.FromMinutes(2))));
    }

    public override async Task DisposeAsync()
    {
        foreach (var node in _nodes)
        {
            node.Dispose();
        }

        await base.DisposeAsync();
    }

    public PortalNode Node(string id) => _nodes.Single(n => n.Id == id);
}

/// <summary>One portal child process; <see cref="KillHard"/> is SIGKILL (no shutdown hooks run).</summary>
public sealed class PortalNode : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private PortalNode(string id, Process process)
    {
        Id = id;
        _process = process;
    }

    public string Id { get; }

    public bool HasExited => _process.HasExited;

    public static PortalNode Start(string id, string connectionString, string dataDirectory)
    {
        var dll = Path.Combine(TestPaths.RepoRoot, "src", "MlOpsPortal.Web", "bin", "Release", "net10.0", "MlOpsPortal.Web.dll");
        if (!File.Exists(dll))
        {
            throw new InvalidOperationException($"{dll} is missing: build the solution in Release first.");
        }

        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[]
                 {
                     dll, $"--ConnectionStrings:Portal={connectionString}", $"--MLOPS_DATA_DIR={Path.Combine(dataDirectory, "nodes", id)}",
                     $"--Artifacts:Local:RootDirectory={Path.Combine(dataDirectory, "artifacts")}",
                     $"--MLOPS_ADMIN_EMAIL={PortalApp.AdminEmail}", $"--MLOPS_ADMIN_PASSWORD={PortalApp.AdminPassword}",
                     "--Urls=http://127.0.0.1:0", "--Database:MigrateOnStart=false", $"--Jobs:NodeId={id}",
                     "--Jobs:ServerHeartbeatSeconds=1", "--Jobs:ServerTimeoutSeconds=5", "--Jobs:InvisibilityTimeoutSeconds=10",
                     "--Jobs:LeaseSeconds=4", "--Jobs:QueuePollMilliseconds=200", "--Jobs:HeartbeatMilliseconds=250",
                     "--Logging:LogLevel:Default=Warning",
                 })
        {
            info.ArgumentList.Add(arg);
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException("dotnet did not start.");
        var node = new PortalNode(id, process);
        process.OutputDataReceived += (_, e) => node.OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => node.OnLine(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return node;
    }

    public async Task WaitReadyAsync(TimeSpan timeout)
    {
        var finished = await Task.WhenAny(_ready.Task, Task.Delay(timeout), _process.WaitForExitAsync());
        if (finished != _ready.Task)
        {
            throw new InvalidOperationException($"Portal node {Id} did not become ready:\n{Output}");
        }
    }

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public void KillHard()
    {
        _process.Kill(entireProcessTree: false);
        _process.WaitForExit(10_000);
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(10_000);
        }

        _process.Dispose();
    }

    private void OnLine(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }

        if (line.Contains("MlOpsPortal is ready", StringComparison.Ordinal))
        {
            _ready.TrySetResult();
        }
    }
}
