using MlOpsPortal.Application.Datasets;
using MlOpsPortal.TestSupport;
using Xunit;

namespace MlOpsPortal.Application.Tests.Datasets;

public sealed class DatasetTableCodecTests
{
    private static readonly string[] AdultColumns =
    [
        "age", "workclass", "fnlwgt", "education", "education-num", "marital-status", "occupation",
        "relationship", "race", "sex", "capital-gain", "capital-loss", "hours-per-week", "native-country", "income",
    ];

    private static DatasetTable Small() => new(4,
    [
        new DatasetColumn("x", ColumnType.Numeric, [1.5, double.NaN, -0.0, double.MaxValue], null),
        new DatasetColumn("flag", ColumnType.Boolean, [1, 0, double.NaN, 1], null),
        new DatasetColumn("city", ColumnType.Categorical, null, ["Zürich", null, "", "Zürich"]),
        new DatasetColumn("note", ColumnType.Text, null, [new string('a', 300), "b, \"c\"\n", null, "日本"]),
    ]);

    private static async Task<DatasetTable> RoundTripAsync(DatasetTable table, IReadOnlyCollection<string>? columns = null)
    {
        using var blob = new MemoryStream();
        DatasetTableCodec.Write(table, blob);
        blob.Position = 0;
        var read = await DatasetTableCodec.ReadAsync(blob, columns, CancellationToken.None);
        Assert.True(read.IsSuccess, read.Error?.Message);
        return read.Value;
    }

    private static void AssertSame(DatasetTable expected, DatasetTable actual)
    {
        Assert.Equal(expected.RowCount, actual.RowCount);
        Assert.Equal(expected.Columns.Select(c => (c.Name, c.Type)), actual.Columns.Select(c => (c.Name, c.Type)));
        foreach (var (e, a) in expected.Columns.Zip(actual.Columns))
        {
            if (e.Numbers is { } numbers)
            {
                // Bit-for-bit: NaN stays NaN (missing), -0.0 stays -0.0.
                Assert.Equal(numbers.Select(BitConverter.DoubleToInt64Bits), a.Numbers!.Select(BitConverter.DoubleToInt64Bits));
                Assert.Null(a.Values);
            }
            else
            {
                Assert.Equal(e.Values, a.Values);
                Assert.Null(a.Numbers);
            }
        }
    }

    [Fact]
    public async Task RoundTrip_KeepsNumbersMissingValuesEmptyStringsAndUnicode()
    {
        var table = Small();
        AssertSame(table, await RoundTripAsync(table));
    }

    [Fact]
    public async Task Read_OnlyRequestedColumns_InStoredOrder()
    {
        var read = await RoundTripAsync(Small(), ["note", "x"]);
        Assert.Equal(["x", "note"], read.Columns.Select(c => c.Name));
        Assert.Equal(4, read.RowCount);
        Assert.Equal("日本", read.Columns[1].Values![3]);
    }

    [Fact]
    public async Task Read_DictionaryColumn_SharesOneStringPerDistinctValue()
    {
        var read = await RoundTripAsync(Small());
        var city = read.Find("city")!.Values!;
        Assert.Same(city[0], city[3]);
    }

    [Fact]
    public async Task RoundTrip_EmptyTable()
    {
        var table = new DatasetTable(0, [new DatasetColumn("x", ColumnType.Numeric, [], null), new DatasetColumn("s", ColumnType.Text, null, [])]);
        AssertSame(table, await RoundTripAsync(table));
    }

    [Fact]
    public async Task RoundTrip_AdultAsParsedFromCsv_IsIdentical()
    {
        var ingestion = await CsvTestData.IngestFileAsync(TestPaths.AdultTrain, new CsvOptions { ColumnNames = AdultColumns });
        await using var csv = File.OpenRead(TestPaths.AdultTrain);
        var parsed = await DatasetTableReader.ReadAsync(csv, ingestion.InferredSchema, null, CancellationToken.None);
        Assert.True(parsed.IsSuccess, parsed.Error?.Message);
        Assert.Equal(32_561, parsed.Value.RowCount);
        AssertSame(parsed.Value, await RoundTripAsync(parsed.Value));
    }

    public static TheoryData<string, int> Damages => new()
    {
        { "truncated", -1 },
        { "truncated", -100 },
        { "trailing", 1 },
        { "magic", 0 },
    };

    [Theory]
    [MemberData(nameof(Damages))]
    public async Task Read_DamagedBlob_IsRejectedWithAReason(string damage, int amount)
    {
        using var blob = new MemoryStream();
        DatasetTableCodec.Write(Small(), blob);
        var bytes = blob.ToArray();
        bytes = damage switch
        {
            "truncated" => bytes[..(bytes.Length + amount)],
            "trailing" => [.. bytes, 0],
            _ => [(byte)'X', .. bytes[1..]],
        };

        var read = await DatasetTableCodec.ReadAsync(new MemoryStream(bytes), null, CancellationToken.None);

        Assert.False(read.IsSuccess);
        Assert.Contains("dataset cache blob", read.Error.Message, StringComparison.Ordinal);
    }
}
