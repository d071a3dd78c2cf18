using System.Text;
using MlOpsPortal.Application.Datasets;
using MlOpsPortal.Domain.Common;
using Xunit;

namespace MlOpsPortal.Application.Tests.Datasets;

internal static class CsvTestData
{
    public static MemoryStream Utf8(string text) => new(Encoding.UTF8.GetBytes(text));

    public static async Task<Result<CsvIngestion>> IngestTextAsync(string text, CsvOptions? options = null)
    {
        using var stream = Utf8(text);
        return await CsvIngestor.IngestAsync(stream, options, CancellationToken.None);
    }

    public static async Task<CsvIngestion> IngestFileAsync(string path, CsvOptions? options = null)
    {
        await using var stream = File.OpenRead(path);
        var result = await CsvIngestor.IngestAsync(stream, options, CancellationToken.None);
        Assert.True(result.IsSuccess, result.Error?.Message);
        return result.Value;
    }

    public static ColumnSummary Column(this CsvIngestion ingestion, string name) =>
        ingestion.Columns.Single(c => c.Name == name);

    public static Error ExpectError<T>(this Result<T> result)
    {
        Assert.False(result.IsSuccess, "expected an error");
        return result.Error;
    }

    /// <summary>A header-less, 15-column adult-like file with one short row at data row <paramref name="badRow"/>.</summary>
    public static string AdultLikeWithShortRow(int rows, int badRow)
    {
        var sb = new StringBuilder();
        for (var i = 1; i <= rows; i++)
        {
            var fields = Enumerable.Range(0, 15).Select(c => c == 0 ? (20 + i).ToString() : "v" + c).ToList();
            if (i == badRow)
            {
                fields.RemoveAt(14);
            }

            sb.Append(string.Join(", ", fields)).Append('\n');
        }

        return sb.ToString();
    }
}
