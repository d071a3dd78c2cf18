using System.Globalization;
using System.Text;
using System.Text.Json;
using MlOpsPortal.Application.Artifacts;
using MlOpsPortal.Domain.Tracking;
using MlOpsPortal.Infrastructure.Tracking.Artifacts;
using MlOpsPortal.Web.Api;

namespace MlOpsPortal.Web.Components.Pages.Tracking;

/// <summary>What the Artifacts tab shows for a selected file: text (JSON pretty-printed), a CSV table, an image, or why not.</summary>
public sealed record ArtifactPreview(string Path, string Kind, string? Text = null, IReadOnlyList<string[]>? Rows = null, string? ImageDataUri = null, string? Message = null)
{
    public const string TextKind = "text";
    public const string CsvKind = "csv";
    public const string ImageKind = "image";
    public const string NoneKind = "none";
}

/// <summary>The run page's Artifacts tab: the run's artifact tree and an inline preview of small text, JSON, CSV and image files.</summary>
public sealed class RunArtifactsViewModel(RunArtifactService artifacts)
{
    /// <summary>Text, JSON and CSV files up to this size are previewed inline.</summary>
    public const long MaxTextPreviewBytes = 256 * 1024;

    /// <summary>Images up to this size are previewed inline (as a data URI, so no second authenticated request is needed).</summary>
    public const long MaxImagePreviewBytes = 2 * 1024 * 1024;

    public const int MaxCsvPreviewRows = 50;

    private static readonly HashSet<string> TextExtensions = new(StringComparer.OrdinalIgnoreCase)
    {
        ".txt", ".log", ".md", ".yaml", ".yml", ".py", ".toml", ".ini", ".cfg", ".xml", ".html", ".tsv", ".jsonl", ".json", ".csv",
    };

    private static readonly HashSet<string> ImageExtensions = new(StringComparer.OrdinalIgnoreCase) { ".png", ".jpg", ".jpeg", ".gif", ".webp" };

    public string RunId { get; private set; } = string.Empty;

    public IReadOnlyList<RunArtifactEntry> Entries { get; private set; } = [];

    public ArtifactPreview? Preview { get; private set; }

    public string? Error { get; private set; }

    public async Task LoadAsync(string runId, CancellationToken cancellationToken)
    {
        RunId = runId;
        Preview = null;
        var listing = await artifacts.ListAsync(runId, null, recursive: true, cancellationToken);
        Error = listing.IsSuccess ? null : listing.Error.Message;
        Entries = listing.IsSuccess ? listing.Value.Files : [];
    }

    /// <summary>Whether a file gets an inline preview (by extension; "MLmodel" files are YAML).</summary>
    public static bool CanPreview(RunArtifactEntry entry) =>
        !entry.IsDir && (IsText(entry.Path) ? entry.SizeBytes <= MaxTextPreviewBytes : IsImage(entry.Path) && entry.SizeBytes <= MaxImagePreviewBytes);

    public async Task SelectAsync(string path, CancellationToken cancellationToken)
    {
        var entry = Entries.FirstOrDefault(e => e.Path == path && !e.IsDir);
        if (entry is null || !CanPreview(entry))
        {
            Preview = new ArtifactPreview(path, ArtifactPreview.NoneKind, Message: "No inline preview for this file; download it instead.");
            return;
        }

        var opened = await artifacts.OpenAsync(RunId, path, cancellationToken);
        if (!opened.IsSuccess)
        {
            Preview = new ArtifactPreview(path, ArtifactPreview.NoneKind, Message: opened.Error.Message);
            return;
        }

        byte[] bytes;
        try
        {
            await using var content = opened.Value.Content;
            using var buffer = new MemoryStream();
            await content.CopyToAsync(buffer, cancellationToken);
            bytes = buffer.ToArray();
        }
        catch (ArtifactCorruptedException ex)
        {
            Preview = new ArtifactPreview(path, ArtifactPreview.NoneKind, Message: ex.Message);
            return;
        }

        Preview = Build(path, bytes);
    }

    /// <summary>Builds the preview of a file's bytes (pure; unit-testable).</summary>
    public static ArtifactPreview Build(string path, byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        if (IsImage(path))
        {
            return new ArtifactPreview(path, ArtifactPreview.ImageKind,
                ImageDataUri: $"data:{RunArtifactEndpoints.ContentTypeOf(path)};base64,{Convert.ToBase64String(bytes)}");
        }

        var text = Encoding.UTF8.GetString(bytes);
        var extension = Path.GetExtension(path);
        if (extension.Equals(".csv", StringComparison.OrdinalIgnoreCase))
        {
            var rows = text.Split('\n', MaxCsvPreviewRows + 2)
                .Take(MaxCsvPreviewRows + 1)
                .Where(l => l.Length > 0)
                .Select(l => l.TrimEnd('\r').Split(','))
                .ToList();
            return new ArtifactPreview(path, ArtifactPreview.CsvKind, Rows: rows);
        }

        if (extension.Equals(".json", StringComparison.OrdinalIgnoreCase))
        {
            try
            {
                using var doc = JsonDocument.Parse(bytes);
                text = JsonSerializer.Serialize(doc.RootElement, Indented);
            }
            catch (JsonException)
            {
                // Not valid JSON after all: show the raw text.
            }
        }

        return new ArtifactPreview(path, ArtifactPreview.TextKind, Text: text);
    }

    /// <summary>The download URL of a file (each path segment escaped).</summary>
    public static string DownloadUrl(string runId, string path) => RunArtifactEndpoints.UrlFor(runId, path);

    /// <summary>A human-readable size: 512 B, 1.5 KB, 3.2 MB.</summary>
    public static string FormatSize(long bytes) => bytes switch
    {
        < 1024 => $"{bytes} B",
        < 1024 * 1024 => (bytes / 1024.0).ToString("0.#", CultureInfo.InvariantCulture) + " KB",
        < 1024L * 1024 * 1024 => (bytes / (1024.0 * 1024)).ToString("0.#", CultureInfo.InvariantCulture) + " MB",
        _ => (bytes / (1024.0 * 1024 * 1024)).ToString("0.##", CultureInfo.InvariantCulture) + " GB",
    };

    public static int Depth(string path) => path.Count(c => c == '/');

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    private static bool IsText(string path) => TextExtensions.Contains(Path.GetExtension(path)) || ArtifactPath.Name(path) == "MLmodel";

    private static bool IsImage(string path) => ImageExtensions.Contains(Path.GetExtension(path));
}
