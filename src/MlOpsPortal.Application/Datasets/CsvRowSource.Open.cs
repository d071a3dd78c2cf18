using System.Globalization;
using System.Text;
using CsvHelper;
using CsvHelper.Configuration;
using MlOpsPortal.Domain.Common;

namespace MlOpsPortal.Application.Datasets;

/// <summary>Opening: read the sample, skip leading lines, detect delimiter and header, read the header and first row.</summary>
internal sealed partial class CsvRowSource
{
    private const int SampleChars = 1 << 16;
    private const int SniffRecords = 51;
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: true, throwOnInvalidBytes: true);

    /// <summary>Opens a file for ingestion, detecting whatever <paramref name="options"/> leaves open.</summary>
    public static Task<Result<CsvRowSource>> OpenAsync(Stream content, CsvOptions options, bool computeHash, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var source = new CsvRowSource(new InspectingStream(content, options.MaxSizeBytes, computeHash), options.MaxSizeBytes);
        return source.InitAsync(options, null, cancellationToken);
    }

    /// <summary>Opens a stored file with the format recorded at ingestion.</summary>
    public static Task<Result<CsvRowSource>> OpenAsync(Stream content, CsvFormat format, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(format);
        var source = new CsvRowSource(new InspectingStream(content, long.MaxValue, computeHash: false), long.MaxValue);
        var options = new CsvOptions
        {
            HasHeader = format.HasHeader,
            Delimiter = format.Delimiter,
            ColumnNames = format.ColumnNames,
            MissingValues = format.MissingValues,
            TrimFields = format.TrimFields,
            MaxFieldLength = format.MaxFieldLength,
        };
        return source.InitAsync(options, format.SkippedLeadingLines, cancellationToken);
    }

    private static char? ResolveDelimiter(string? given, string text, bool atEnd) => given switch
    {
        null or "" => CsvSniffer.DetectDelimiter(SampleText.Lines(SampleText.CompleteLines(text, atEnd), 200)),
        ", " or "," => ',',
        ";" => ';',
        "|" => '|',
        "\t" or "\\t" or "tab" => '\t',
        _ => null,
    };

    private async Task<Result<CsvRowSource>> InitAsync(CsvOptions options, int? skipExactly, CancellationToken cancellationToken)
    {
        var init = await TryInitAsync(options, skipExactly, cancellationToken);
        if (init.IsSuccess)
        {
            return this;
        }

        await DisposeAsync();
        return init.Error;
    }

    private async Task<Result<bool>> TryInitAsync(CsvOptions options, int? skipExactly, CancellationToken cancellationToken)
    {
        var sample = new char[SampleChars];
        var length = 0;
        try
        {
            int n;
            while (length < sample.Length && (n = await _text.ReadAsync(sample.AsMemory(length), cancellationToken)) > 0)
            {
                length += n;
            }
        }
        catch (DecoderFallbackException)
        {
            return StreamError() ?? CsvErrors.InvalidUtf8(_bytes.BytesRead - _bytes.LastReadSize, 1);
        }

        if (StreamError() is { } early)
        {
            return early;
        }

        var atEnd = length < sample.Length;
        var text = new string(sample, 0, length);
        var (skipped, offset) = SampleText.SkipLeadingLines(text, options.LeadingCommentPrefix, skipExactly);
        text = text[offset..];
        if (string.IsNullOrWhiteSpace(text) && atEnd)
        {
            return CsvErrors.Empty();
        }

        if (ResolveDelimiter(options.Delimiter, text, atEnd) is not { } delimiter)
        {
            return CsvErrors.BadDelimiter(options.Delimiter!);
        }

        _missing = [.. (options.MissingValues ?? CsvOptions.DefaultMissingValues).Select(m => m.Trim()).Distinct(StringComparer.Ordinal)];
        var hasHeader = options.HasHeader ?? CsvSniffer.DetectHeader(
            CsvSniffer.ParseSample(SampleText.CompleteLines(text, atEnd), delimiter, options.TrimFields, SniffRecords),
            new HashSet<string>(_missing, StringComparer.Ordinal));

        var config = new CsvConfiguration(CultureInfo.InvariantCulture)
        {
            Delimiter = delimiter.ToString(),
            HasHeaderRecord = false,
            Mode = CsvMode.RFC4180,
            TrimOptions = options.TrimFields ? TrimOptions.Trim : TrimOptions.None,
            IgnoreBlankLines = true,
            BadDataFound = args => _badData ??= args,
            MaxFieldSize = options.MaxFieldLength,
            BufferSize = 1 << 16,
        };
        _parser = new CsvParser(new PrefixedTextReader(text.AsMemory(), _text, cancellationToken), config, leaveOpen: false);
        Format = new CsvFormat(config.Delimiter, hasHeader, skipped, [], [.. _missing], options.TrimFields, options.MaxFieldLength);

        var first = await ReadRecordAsync();
        if (!first.IsSuccess || !first.Value)
        {
            return first.IsSuccess ? CsvErrors.Empty() : first;
        }

        var names = hasHeader ? _fields[.._fieldCount] : null;
        if (options.ColumnNames is { } given)
        {
            if (given.Count != _fieldCount)
            {
                return CsvErrors.ColumnNamesMismatch(given.Count, _fieldCount);
            }

            names = [.. given];
        }

        Format = Format with { ColumnNames = SampleText.UniqueNames(names ?? new string[_fieldCount]) };
        if (hasHeader)
        {
            // Read the first data row now: a header-only file is an error, and a short first row is reported as row 1.
            var peek = await ReadRecordAsync();
            if (!peek.IsSuccess || !peek.Value)
            {
                return peek.IsSuccess ? CsvErrors.HeaderOnly() : peek;
            }

            if (_fieldCount != ColumnCount)
            {
                Row = 1;
                return RaggedOrQuoteError();
            }
        }

        _pendingFirst = true;
        return true;
    }
}
