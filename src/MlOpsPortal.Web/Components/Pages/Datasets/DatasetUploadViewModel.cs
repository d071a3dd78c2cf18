using System.Globalization;
using MlOpsPortal.Application.Artifacts;
using MlOpsPortal.Application.Audit;
using MlOpsPortal.Application.Datasets;
using MlOpsPortal.Domain.Common;

namespace MlOpsPortal.Web.Components.Pages.Datasets;

/// <summary>
/// The browser upload in three steps: the file; its parse preview (the first rows of a sample of the file read as the
/// catalogue will read it: delimiter, header, types, or the row that fails); then the column names and types. In the
/// browser the file is sent once, into the artifact store (<see cref="IDatasetCatalog.StoreAsync"/>, streamed, never
/// buffered whole), previewed from there and registered with <see cref="IDatasetCatalog.RegisterAsync"/>, as the REST API does;
/// type corrections are applied to the new version with <see cref="IDatasetCatalog.UpdateSchemaAsync"/>. When the content
/// is already a version of the dataset the outcome says so, and says when the names given were not applied.
/// </summary>
public sealed class DatasetUploadViewModel(IDatasetCatalog catalog, DatasetOptions options)
{
    /// <summary>How much of the file the preview reads.</summary>
    public const int SampleBytes = 256 * 1024;

    public const int PreviewRows = 10;

    public static readonly IReadOnlyList<Choice> HeaderChoices = [new("detect", "Detect"), new("yes", "Yes"), new("no", "No")];

    public static readonly IReadOnlyList<Choice> DelimiterChoices =
        [new("detect", "Detect"), new(",", "Comma ,"), new(", ", "Comma + space (UCI)"), new(";", "Semicolon ;"), new("\t", "Tab"), new("|", "Pipe |")];

    public static readonly IReadOnlyList<ColumnType> Types = Enum.GetValues<ColumnType>();

    private static readonly string[] LocationKeys = ["row", "line", "column", "offset"];

    public UploadStep Step { get; set; } = UploadStep.File;

    public string Name { get; set; } = string.Empty;

    public string Header { get; set; } = "detect";

    public string Delimiter { get; set; } = "detect";

    public string? FileName { get; private set; }

    public long FileSize { get; private set; }

    public CsvFormat? Format { get; private set; }

    public PreviewTable? Preview { get; private set; }

    /// <summary>True when the preview read only the start of the file.</summary>
    public bool SampleOnly { get; private set; }

    /// <summary>The columns as detected, with the names and types the user gives them.</summary>
    public List<ColumnEdit> Columns { get; } = [];

    public bool Busy { get; private set; }

    /// <summary>What went wrong in the last step (parse preview or upload), with the row and column where known.</summary>
    public Error? Error { get; private set; }

    public UploadResult? Result { get; private set; }

    public long MaxBytes => options.MaxUploadBytes;

    private StoredArtifact? _stored;
    private DatasetVersionDetail? _existing;
    private IReadOnlyList<string>? _wanted;

    /// <summary>The content exists under other column names, as many as given: its columns can take the given names.</summary>
    public bool CanRenameExisting => Result is { Created: false, NamesDiffer: true } && _existing is not null && _wanted?.Count == _existing.Columns.Count;

    /// <summary>The dataset name's problem in the user's words, or null.</summary>
    public string? NameError => Name.Trim().Length == 0
        ? "Give the dataset a name."
        : DatasetNames.Validate(Name.Trim()) is null ? null : "Use letters, digits, '.', '_' and '-' (up to 128), starting with a letter or digit.";

    /// <summary>"row 12 · line 13 · column 'age'" from the error's details, for display under the message.</summary>
    public string? ErrorLocation => Error?.Details is { } d
        ? string.Join(" · ", LocationKeys.Where(d.ContainsKey).Select(k => $"{k} {d[k].FirstOrDefault()}"))
        : null;

    public string DelimiterText => Format?.Delimiter switch
    {
        null => string.Empty,
        "," => "comma",
        ";" => "semicolon",
        "\t" => "tab",
        "|" => "pipe",
        var other => $"'{other}'",
    };

    public bool CanPreview => FileName is not null && !Busy;

    public bool CanUpload => Format is not null && !Busy && NameError is null && Columns.All(c => ColumnError(c) is null);

    /// <summary>Step 1: a file was chosen. Its name proposes the dataset name (unless one was typed).</summary>
    public void ChooseFile(string fileName, long size)
    {
        FileName = fileName;
        FileSize = size;
        _stored = null;
        Format = null;
        Preview = null;
        Result = null;
        Columns.Clear();
        Error = size > MaxBytes ? CsvErrors.TooLarge(MaxBytes) : null;
        if (string.IsNullOrWhiteSpace(Name))
        {
            Name = Path.GetFileNameWithoutExtension(fileName).Replace(' ', '-');
        }
    }

    /// <summary>
    /// Step 2 in the browser: sends the file once into the artifact store (the browser stream can be read only once in
    /// practice), then previews its start from there; the upload then registers the stored file.
    /// </summary>
    public async Task StoreAndPreviewAsync(Func<long, Stream> openFile, IArtifactStore artifacts, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(openFile);
        ArgumentNullException.ThrowIfNull(artifacts);
        if (_stored is null)
        {
            Busy = true;
            try
            {
                await using var content = openFile(MaxBytes);
                var stored = await catalog.StoreAsync(content, cancellationToken);
                if (!stored.IsSuccess)
                {
                    Error = stored.Error;
                    return;
                }

                _stored = stored.Value;
            }
            finally
            {
                Busy = false;
            }
        }

        if (_stored is not { } storedFile)
        {
            return;
        }

        var opened = await artifacts.OpenReadAsync(storedFile.Sha256, cancellationToken);
        if (!opened.IsSuccess)
        {
            Error = opened.Error;
            return;
        }

        await using var file = opened.Value;
        await PreviewAsync(file, cancellationToken);
    }

    /// <summary>Step 2: reads the start of the file as the catalogue will (header and delimiter as chosen) and shows the first rows.</summary>
    public async Task PreviewAsync(Stream content, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        Busy = true;
        try
        {
            var (sample, partial) = await ReadSampleAsync(content, cancellationToken);
            SampleOnly = partial;
            var ingested = await CsvIngestor.IngestAsync(new MemoryStream(sample, writable: false), ToOptions(names: null), cancellationToken);
            if (!ingested.IsSuccess)
            {
                Error = ingested.Error;
                Format = null;
                Preview = null;
                Columns.Clear();
                return;
            }

            Error = null;
            Format = ingested.Value.Format;
            var preview = await DatasetPreview.ReadAsync(new MemoryStream(sample, writable: false), Format, PreviewRows, cancellationToken);
            Preview = preview.IsSuccess ? preview.Value : null;
            Columns.Clear();
            Columns.AddRange(ingested.Value.Columns.Select(c => new ColumnEdit(c.Name, c.InferredType) { Name = c.Name, Type = c.InferredType }));
            Step = UploadStep.Preview;
        }
        finally
        {
            Busy = false;
        }
    }

    /// <summary>The column's problem in the user's words (blank, duplicate, too long), or null.</summary>
    public string? ColumnError(ColumnEdit column)
    {
        ArgumentNullException.ThrowIfNull(column);
        var name = column.Name.Trim();
        if (name.Length == 0)
        {
            return "Give this column a name.";
        }

        if (name.Length > 256)
        {
            return "A column name has at most 256 characters.";
        }

        return Columns.Count(c => string.Equals(c.Name.Trim(), name, StringComparison.OrdinalIgnoreCase)) > 1
            ? $"Another column is also named \"{name}\"."
            : null;
    }

    /// <summary>Names given when any differs from what was detected (or the file has no header, where names replace column_1..n).</summary>
    public IReadOnlyList<string>? GivenNames => Columns.Any(c => c.Name.Trim() != c.Detected)
        ? [.. Columns.Select(c => c.Name.Trim())]
        : null;

    public CsvOptions ToOptions(IReadOnlyList<string>? names) => new()
    {
        HasHeader = Header switch { "yes" => true, "no" => false, _ => null },
        Delimiter = Delimiter == "detect" ? null : Delimiter,
        ColumnNames = names,
    };

    /// <summary>Step 3: uploads the whole file; on success <see cref="Result"/> says where it is and whether it is new.</summary>
    public async Task<UploadResult?> UploadAsync(Func<long, Stream> openFile, Actor actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(openFile);
        if (!CanUpload)
        {
            return null;
        }

        Busy = true;
        try
        {
            var names = GivenNames;
            Result<UploadOutcome> uploaded;
            if (_stored is not null)
            {
                uploaded = await catalog.RegisterAsync(Name.Trim(), _stored, ToOptions(names), actor, cancellationToken);
            }
            else
            {
                await using var stream = openFile(MaxBytes);
                uploaded = await catalog.UploadAsync(Name.Trim(), stream, ToOptions(names), actor, cancellationToken);
            }

            if (!uploaded.IsSuccess)
            {
                Error = uploaded.Error;
                return null;
            }

            Error = null;
            var version = uploaded.Value.Version;
            _existing = uploaded.Value.Created ? null : version;
            _wanted = names ?? [.. Columns.Select(c => c.Detected)];
            Result = uploaded.Value.Created
                ? await CreatedAsync(version, actor, cancellationToken)
                : Existing(version, _wanted);
            return Result;
        }
        finally
        {
            Busy = false;
        }
    }

    /// <summary>Gives the existing version's columns the names of this upload (the offer made when the content already exists).</summary>
    public async Task<UploadResult?> RenameExistingAsync(Actor actor, CancellationToken cancellationToken)
    {
        if (!CanRenameExisting)
        {
            return null;
        }

        var existing = _existing!;
        var map = existing.Columns.Select((c, i) => (c.Name, To: _wanted![i])).Where(p => p.Name != p.To).ToDictionary(p => p.Name, p => p.To, StringComparer.Ordinal);
        Busy = true;
        try
        {
            var renamed = await catalog.RenameColumnsAsync(existing.Name, existing.Version, map, actor, cancellationToken);
            if (!renamed.IsSuccess)
            {
                Error = renamed.Error;
                return null;
            }

            Error = null;
            var label = Label(renamed.Value);
            Result = new UploadResult(label, Href(renamed.Value), false, $"Columns of {label} renamed; its profile is being recomputed.");
            _existing = null;
            return Result;
        }
        finally
        {
            Busy = false;
        }
    }

    private async Task<UploadResult> CreatedAsync(DatasetVersionDetail version, Actor actor, CancellationToken cancellationToken)
    {
        var href = Href(version);
        var label = Label(version);
        var types = Columns.Where(c => c.Type != c.InferredType).ToDictionary(c => c.Name.Trim(), c => c.Type, StringComparer.Ordinal);
        if (types.Count == 0)
        {
            return new UploadResult(label, href, true, $"{label} created: {version.Rows.ToString("N0", CultureInfo.InvariantCulture)} rows.");
        }

        var typed = await catalog.UpdateSchemaAsync(version.Name, version.Version, types, actor, cancellationToken);
        return typed.IsSuccess
            ? new UploadResult(label, href, true, $"{label} created with your column types.")
            : new UploadResult(label, href, true, $"{label} created, but its types were kept as detected: {typed.Error.Message}", TypesRejected: true);
    }

    private static UploadResult Existing(DatasetVersionDetail version, IReadOnlyList<string> wanted)
    {
        var label = Label(version);
        var current = version.Columns.Select(c => c.Name).ToList();
        if (current.SequenceEqual(wanted, StringComparer.Ordinal))
        {
            return new UploadResult(label, Href(version), false, $"This file is already {label}: nothing new was created.");
        }

        var shown = string.Join(", ", current.Take(4)) + (current.Count > 4 ? ", …" : string.Empty);
        return new UploadResult(label, Href(version), false,
            $"This file is already {label}, whose columns are named {shown}. Your column names were not applied: rename {label}'s columns to them, or on its page.",
            NamesDiffer: true);
    }

    private static string Label(DatasetVersionDetail v) => string.Create(CultureInfo.InvariantCulture, $"{v.Name} v{v.Version}");

    private static string Href(DatasetVersionDetail v) => string.Create(CultureInfo.InvariantCulture, $"/datasets/{Uri.EscapeDataString(v.Name)}/versions/{v.Version}");

    /// <summary>The first <see cref="SampleBytes"/> of the file, cut after its last complete line when the file is longer.</summary>
    private static async Task<(byte[] Sample, bool Partial)> ReadSampleAsync(Stream content, CancellationToken cancellationToken)
    {
        var buffer = new byte[SampleBytes + 1];
        var read = 0;
        while (read < buffer.Length)
        {
            var n = await content.ReadAsync(buffer.AsMemory(read), cancellationToken);
            if (n == 0)
            {
                break;
            }

            read += n;
        }

        if (read <= SampleBytes)
        {
            return (buffer[..read], false);
        }

        var lastNewline = Array.LastIndexOf(buffer, (byte)'\n', SampleBytes - 1);
        return (buffer[..(lastNewline > 0 ? lastNewline + 1 : SampleBytes)], true);
    }

    public enum UploadStep
    {
        File = 0,
        Preview = 1,
        Columns = 2,
    }

    public sealed record Choice(string Value, string Text);

    /// <summary>A detected column and what the user calls it and how it is typed.</summary>
    public sealed class ColumnEdit(string detected, ColumnType inferredType)
    {
        public string Detected { get; } = detected;

        public ColumnType InferredType { get; } = inferredType;

        public string Name { get; set; } = detected;

        public ColumnType Type { get; set; } = inferredType;
    }

    /// <summary>Where the upload landed and what to tell the user.</summary>
    public sealed record UploadResult(string Label, string Href, bool Created, string Message, bool NamesDiffer = false, bool TypesRejected = false);
}
