using System.Diagnostics;
using MlOpsPortal.Domain.Common;

namespace MlOpsPortal.Web.Api;

/// <summary>
/// Prints a self-contained HTML document to PDF with headless Chromium (<c>--print-to-pdf</c>). The browser is optional:
/// <c>Exports:ChromiumPath</c> (default <c>/usr/bin/chromium</c>); without it the caller gets a 501 that points to the
/// HTML export. Each call runs its own short-lived browser process in a private temporary directory.
/// </summary>
public sealed class HtmlToPdf(IConfiguration configuration, ILogger<HtmlToPdf> logger)
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);

    public string ChromiumPath => configuration["Exports:ChromiumPath"] ?? "/usr/bin/chromium";

    public bool Available => File.Exists(ChromiumPath);

    public async Task<Result<byte[]>> PrintAsync(string html, CancellationToken cancellationToken)
    {
        if (!Available)
        {
            return new Error(ErrorCode.NotImplemented,
                $"PDF export needs Chromium at '{ChromiumPath}' (set Exports:ChromiumPath); download the printable HTML export and print it instead.");
        }

        var work = Directory.CreateTempSubdirectory("mlops-pdf-");
        try
        {
            var input = Path.Combine(work.FullName, "report.html");
            var output = Path.Combine(work.FullName, "report.pdf");
            await File.WriteAllTextAsync(input, html, cancellationToken);
            var start = new ProcessStartInfo(ChromiumPath)
            {
                RedirectStandardError = true,
                RedirectStandardOutput = true,
                UseShellExecute = false,
            };
            foreach (var arg in (string[])["--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer", $"--user-data-dir={Path.Combine(work.FullName, "profile")}", $"--print-to-pdf={output}", new Uri(input).AbsoluteUri])
            {
                start.ArgumentList.Add(arg);
            }

            using var process = Process.Start(start)!;
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(Limit);
            var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
            _ = process.StandardOutput.ReadToEndAsync(timeout.Token);
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw;
            }

            if (!File.Exists(output) || new FileInfo(output).Length == 0)
            {
                var detail = (await stderr).Trim();
                logger.LogWarning("Chromium produced no PDF (exit {ExitCode}): {Detail}", process.ExitCode, detail.Length > 500 ? detail[..500] : detail);
                return new Error(ErrorCode.Unavailable, "Chromium did not produce a PDF; the HTML export still works.");
            }

            return await File.ReadAllBytesAsync(output, cancellationToken);
        }
        finally
        {
            try
            {
                work.Delete(recursive: true);
            }
            catch (IOException)
            {
                // A browser child may still hold the profile for a moment; the temp directory is cleaned by the OS later.
            }
        }
    }
}
