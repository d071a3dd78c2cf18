using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;

namespace MlOpsPortal.TestSupport;

/// <summary>
/// A real S3-compatible server for tests: s3rver (npm, Node.js) started on a free loopback port with its own temporary
/// data directory and one bucket, stopped (process killed, directory removed) on dispose or when the test process
/// exits. <c>./mlops setup</c> installs it into <c>.tools/s3rver</c>; MLOPS_S3RVER may name another s3rver.js.
/// If it is not installed or does not start, the test fails with a message saying how to install it; it never skips.
/// </summary>
public sealed partial class S3rverServer : IAsyncDisposable
{
    /// <summary>The credentials s3rver accepts (it checks signatures against these).</summary>
    public const string AccessKey = "S3RVER";

    public const string SecretKey = "S3RVER";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private int _disposed;

    private S3rverServer(Process process, string directory, string bucket)
    {
        _process = process;
        Directory = directory;
        Bucket = bucket;
    }

    /// <summary>The endpoint, e.g. <c>http://127.0.0.1:40123</c>.</summary>
    public Uri ServiceUrl { get; private set; } = new("http://127.0.0.1/");

    /// <summary>The bucket created at start-up.</summary>
    public string Bucket { get; }

    /// <summary>s3rver's data directory (objects are plain files under &lt;dir&gt;/&lt;bucket&gt;/).</summary>
    public string Directory { get; }

    /// <summary>Where s3rver's command-line entry point is expected.</summary>
    public static string CliPath =>
        Environment.GetEnvironmentVariable("MLOPS_S3RVER") is { Length: > 0 } custom
            ? custom
            : TestPaths.S3rverCli;

    /// <summary>Starts s3rver with the bucket <paramref name="bucket"/> and waits until it answers HTTP requests.</summary>
    public static async Task<S3rverServer> StartAsync(string bucket = "mlops-test", CancellationToken cancellationToken = default)
    {
        var cli = CliPath;
        if (!File.Exists(cli))
        {
            throw new InvalidOperationException(
                $"s3rver is not installed (expected {cli}). Run ./mlops setup, or: " +
                "npm install --no-audit --no-fund --prefix .tools/s3rver s3rver@3.7.1 (from the repository root).");
        }

        var directory = Path.Combine(Path.GetTempPath(), "mlops-s3rver-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(directory);
        var start = new ProcessStartInfo("node")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { cli, "--directory", directory, "--address", "127.0.0.1", "--port", "0", "--silent", "--no-vhost-buckets", "--configure-bucket", bucket })
        {
            start.ArgumentList.Add(arg);
        }

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException("node did not start.");
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new InvalidOperationException("Node.js ('node') is needed to run s3rver for the S3 artifact store tests; install it (apt-get install nodejs npm).", ex);
        }

        var server = new S3rverServer(process, directory, bucket);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => server.Stop();
        var started = false;
        try
        {
            await server.WaitUntilListeningAsync(cancellationToken);
            started = true;
            return server;
        }
        finally
        {
            // Any failure to start (timeout, early exit, cancellation) must not leave the node process behind.
            if (!started)
            {
                await server.DisposeAsync();
            }
        }
    }

    public ValueTask DisposeAsync()
    {
        Stop();
        return ValueTask.CompletedTask;
    }

    private async Task WaitUntilListeningAsync(CancellationToken cancellationToken)
    {
        var listening = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        _process.OutputDataReceived += (_, e) => OnLine(e.Data, listening);
        _process.ErrorDataReceived += (_, e) => OnLine(e.Data, listening);
        _process.EnableRaisingEvents = true;
        _process.Exited += (_, _) => listening.TrySetException(new InvalidOperationException($"s3rver exited during start-up:{Environment.NewLine}{Output()}"));
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        if (_process.HasExited)
        {
            listening.TrySetException(new InvalidOperationException($"s3rver exited during start-up:{Environment.NewLine}{Output()}"));
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(StartTimeout);
        int port;
        try
        {
            port = await listening.Task.WaitAsync(timeout.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new InvalidOperationException($"s3rver did not report a port within {StartTimeout.TotalSeconds} s:{Environment.NewLine}{Output()}");
        }

        ServiceUrl = new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}");

        // It printed its port once listening; confirm that a TCP connection is accepted before handing it out.
        using var client = new TcpClient();
        await client.ConnectAsync("127.0.0.1", port, timeout.Token);
    }

    private void OnLine(string? line, TaskCompletionSource<int> listening)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }

        if (ListeningLine().Match(line) is { Success: true } match)
        {
            listening.TrySetResult(int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture));
        }
    }

    private string Output()
    {
        lock (_output)
        {
            return _output.ToString();
        }
    }

    private void Stop()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(10_000);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }

        _process.Dispose();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a temporary directory left behind is harmless.
        }
        catch (UnauthorizedAccessException)
        {
            // Same.
        }
    }

    [GeneratedRegex(@"S3rver listening on \S+:(\d+)", RegexOptions.CultureInvariant)]
    private static partial Regex ListeningLine();
}
