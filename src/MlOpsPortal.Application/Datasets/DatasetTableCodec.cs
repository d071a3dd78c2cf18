using System.Runtime.InteropServices;
using System.Text;
using MlOpsPortal.Domain.Common;

namespace MlOpsPortal.Application.Datasets;

/// <summary>
/// The binary column format of the typed dataset cache (ADR 0006): a parsed <see cref="DatasetTable"/> written once so
/// training, evaluation and scoring jobs skip the CSV parse. Little-endian, sequential (one pass in, one pass out):
/// <code>
/// "MLCOLS01" · int32 rows · int32 columns
/// per column: string name · byte type · byte encoding
///   encoding 0 (numbers): rows × float64 (NaN = missing)
///   encoding 1 (dictionary): int32 distinct · distinct × string · rows × int32 code (-1 = missing)
/// </code>
/// Strings are length-prefixed UTF-8 (<see cref="BinaryWriter.Write(string)"/>). Decoding a dictionary column hands every
/// row the same string instance per distinct value, so a text column costs one array and its distinct values.
/// The artifact store verifies the checksum of the whole blob; the decoder checks the structure.
/// </summary>
public static class DatasetTableCodec
{
    private static readonly byte[] Magic = "MLCOLS01"u8.ToArray();

    /// <summary>Writes <paramref name="table"/> to <paramref name="output"/> (left open).</summary>
    public static void Write(DatasetTable table, Stream output)
    {
        ArgumentNullException.ThrowIfNull(table);
        RequireLittleEndian();
        using var writer = new BinaryWriter(output, Encoding.UTF8, leaveOpen: true);
        writer.Write(Magic);
        writer.Write(table.RowCount);
        writer.Write(table.Columns.Count);
        foreach (var column in table.Columns)
        {
            writer.Write(column.Name);
            writer.Write((byte)column.Type);
            if (column.Numbers is { } numbers)
            {
                writer.Write((byte)0);
                writer.Write(MemoryMarshal.AsBytes(numbers.AsSpan(0, table.RowCount)));
                continue;
            }

            writer.Write((byte)1);
            var values = column.Values ?? throw new ArgumentException($"Column '{column.Name}' has neither numbers nor values.", nameof(table));
            var distinct = new Dictionary<string, int>(StringComparer.Ordinal);
            var order = new List<string>();
            var codes = new int[table.RowCount];
            for (var r = 0; r < codes.Length; r++)
            {
                if (values[r] is not { } value)
                {
                    codes[r] = -1;
                    continue;
                }

                if (!distinct.TryGetValue(value, out var code))
                {
                    code = order.Count;
                    distinct.Add(value, code);
                    order.Add(value);
                }

                codes[r] = code;
            }

            writer.Write(order.Count);
            foreach (var value in order)
            {
                writer.Write(value);
            }

            writer.Write(MemoryMarshal.AsBytes(codes.AsSpan()));
        }
    }

    /// <summary>
    /// Reads a table written by <see cref="Write"/>, keeping only <paramref name="columns"/> (null: all; others are read
    /// past). Reads <paramref name="input"/> to its end, so a checksumming stream gets to verify the whole blob.
    /// </summary>
    public static async Task<Result<DatasetTable>> ReadAsync(Stream input, IReadOnlyCollection<string>? columns, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        RequireLittleEndian();
        // The blob is read whole: the format is sequential and the decoder then works on spans without stream calls per value.
        var buffer = new MemoryStream();
        await input.CopyToAsync(buffer, 1 << 20, cancellationToken);
        try
        {
            return Decode(buffer.GetBuffer().AsSpan(0, (int)buffer.Length), columns);
        }
        catch (Exception e) when (e is ArgumentOutOfRangeException or IndexOutOfRangeException or DecoderFallbackException or FormatException)
        {
            return Error.Invalid($"The dataset cache blob is malformed ({e.GetType().Name}).");
        }
    }

    private static Result<DatasetTable> Decode(ReadOnlySpan<byte> data, IReadOnlyCollection<string>? wanted)
    {
        if (data.Length < Magic.Length + 8 || !data[..Magic.Length].SequenceEqual(Magic))
        {
            return Error.Invalid("The dataset cache blob has an unknown format.");
        }

        var reader = new SpanReader(data[Magic.Length..]);
        var rows = reader.Int32();
        var count = reader.Int32();
        if (rows < 0 || count < 0)
        {
            return Error.Invalid("The dataset cache blob has a negative size.");
        }

        var result = new List<DatasetColumn>(count);
        for (var c = 0; c < count; c++)
        {
            var name = reader.String();
            var type = (ColumnType)reader.Byte();
            var keep = wanted is null || wanted.Contains(name);
            switch (reader.Byte())
            {
                case 0:
                    var bytes = reader.Bytes(checked(rows * sizeof(double)));
                    if (keep)
                    {
                        result.Add(new DatasetColumn(name, type, MemoryMarshal.Cast<byte, double>(bytes).ToArray(), null));
                    }

                    break;
                case 1:
                    var distinct = new string[reader.Int32()];
                    for (var i = 0; i < distinct.Length; i++)
                    {
                        distinct[i] = reader.String();
                    }

                    var codes = MemoryMarshal.Cast<byte, int>(reader.Bytes(checked(rows * sizeof(int))));
                    if (keep)
                    {
                        var values = new string?[rows];
                        for (var r = 0; r < values.Length; r++)
                        {
                            values[r] = codes[r] < 0 ? null : distinct[codes[r]];
                        }

                        result.Add(new DatasetColumn(name, type, null, values));
                    }

                    break;
                default:
                    return Error.Invalid($"The dataset cache blob has an unknown encoding for column '{name}'.");
            }
        }

        return reader.AtEnd ? new DatasetTable(rows, result) : Error.Invalid("The dataset cache blob has trailing bytes.");
    }

    private static void RequireLittleEndian()
    {
        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("The dataset cache format is little-endian.");
        }
    }

    /// <summary>Forward-only reads over a span; out-of-range reads throw <see cref="ArgumentOutOfRangeException"/>.</summary>
    private ref struct SpanReader(ReadOnlySpan<byte> data)
    {
        private readonly ReadOnlySpan<byte> _data = data;
        private int _position;

        public readonly bool AtEnd => _position == _data.Length;

        public byte Byte() => Bytes(1)[0];

        public int Int32() => MemoryMarshal.Read<int>(Bytes(4));

        public ReadOnlySpan<byte> Bytes(int length)
        {
            var slice = _data.Slice(_position, length);
            _position += length;
            return slice;
        }

        /// <summary>A <see cref="BinaryWriter.Write(string)"/> string: 7-bit encoded byte length, then UTF-8.</summary>
        public string String()
        {
            var length = 0;
            for (var shift = 0; ; shift += 7)
            {
                if (shift > 28)
                {
                    throw new FormatException("String length prefix too long.");
                }

                var b = Byte();
                length |= (b & 0x7F) << shift;
                if ((b & 0x80) == 0)
                {
                    break;
                }
            }

            return Encoding.UTF8.GetString(Bytes(length));
        }
    }
}
