using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MlOpsPortal.TestSupport.Web;
using MlOpsPortal.Web.Tests.Datasets;

namespace MlOpsPortal.Web.Tests.Fairness;

public sealed class FairnessExportTests(PortalApp app) : IClassFixture<PortalApp>
{
    [Fact]
    public async Task Exports_And_Pages_ShowEveryGroupWithNaAndConventions_WithoutExternalAssets()
    {
        using var client = app.CreateClient(await app.AdminTokenAsync());
        using (var upload = await DatasetApi.UploadTextAsync(client, "fair-export", "label,score,sex\n1,0.9,F\n1,0.2,F\n0,0.1,F\n0,0.7,M\n1,0.8,M\n0,0.3,M\n0,0.4,X\n")) { Assert.Equal(HttpStatusCode.Created, upload.StatusCode); }

        var report = await FairnessReportApiTests.CreateAndWaitAsync(client, new
        {
            dataset = new { name = "fair-export", version = 1 }, label = "label", score = "score", positiveLabel = "1",
            sensitiveFeatures = new[] { new { name = "sex" } }, privilegedGroups = new Dictionary<string, string> { ["sex"] = "M" }, bootstrapResamples = 50,
        });
        var id = report.GetProperty("id").GetGuid();

        using var html = await client.GetAsync($"api/v1/fairness/reports/{id}/export.html");
        Assert.Equal(HttpStatusCode.OK, html.StatusCode);
        Assert.Equal("text/html", html.Content.Headers.ContentType?.MediaType);
        var page = await html.Content.ReadAsStringAsync();
        Assert.Contains("<style>", page, StringComparison.Ordinal);
        Assert.Contains("<svg", page, StringComparison.Ordinal);
        Assert.DoesNotContain("<link", page, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", page, StringComparison.Ordinal);
        Assert.DoesNotContain("src=\"http", page, StringComparison.Ordinal);
        Assert.Contains("class=\"na\">n/a", page, StringComparison.Ordinal); // X has no positives: TPR n/a
        foreach (var convention in new[] { "fairlearn", "aif360", "clarify" })
        {
            Assert.Contains(convention, page, StringComparison.Ordinal);
        }

        var csv = await client.GetStringAsync($"api/v1/fairness/reports/{id}/export.csv");
        var lines = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("section,grouping,group_or_scope,convention,metric,value,ci_low,ci_high,count", lines[0]);
        Assert.Contains("group,sex,X,fairlearn,tpr,n/a,n/a,n/a,1", lines);
        Assert.Contains(lines, l => l.StartsWith("group,sex,M,fairlearn,selectionRate,0.6666666666666666,", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("disparity,sex,privileged: sex=M,aif360,disparateImpact,", StringComparison.Ordinal));

        // PDF: the same printable report, printed by headless Chromium.
        using var pdf = await client.GetAsync($"api/v1/fairness/reports/{id}/export.pdf");
        Assert.Equal(HttpStatusCode.OK, pdf.StatusCode);
        Assert.Equal("application/pdf", pdf.Content.Headers.ContentType?.MediaType);
        var bytes = await pdf.Content.ReadAsByteArrayAsync();
        Assert.Equal("%PDF", System.Text.Encoding.ASCII.GetString(bytes, 0, 4));
        Assert.True(bytes.Length > 5_000, $"{bytes.Length} bytes");

        var list = await client.GetStringAsync("fairness");
        Assert.Contains($"/fairness/reports/{id}", list, StringComparison.Ordinal);
        var reportPage = await client.GetStringAsync($"fairness/reports/{id}");
        Assert.Contains("Groups by sex", reportPage, StringComparison.Ordinal);
        Assert.Contains("n/a", reportPage, StringComparison.Ordinal);
        Assert.Contains("export.html", reportPage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_UnknownReport_Returns404()
    {
        using var client = app.CreateClient(await app.AdminTokenAsync());
        using var response = await client.GetAsync($"api/v1/fairness/reports/{Guid.NewGuid()}");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var list = await client.GetFromJsonAsync<JsonElement>("api/v1/fairness/reports");
        Assert.Equal(JsonValueKind.Array, list.ValueKind);
    }
}

/// <summary>A portal whose configured Chromium does not exist.</summary>
public sealed class NoChromiumPortalApp : PortalApp
{
    protected override IEnumerable<string> ExtraArgs => ["--Exports:ChromiumPath=/nonexistent/chromium"];
}

public sealed class FairnessPdfWithoutChromiumTests(NoChromiumPortalApp app) : IClassFixture<NoChromiumPortalApp>
{
    [Fact]
    public async Task PdfExport_WithoutChromium_Is501PointingToTheHtmlExport()
    {
        using var client = app.CreateClient(await app.AdminTokenAsync());
        using (var upload = await DatasetApi.UploadTextAsync(client, "fair-nopdf", "label,pred,sex\n1,1,F\n0,0,F\n1,0,M\n0,1,M\n"))
        {
            Assert.Equal(HttpStatusCode.Created, upload.StatusCode);
        }

        var report = await FairnessReportApiTests.CreateAndWaitAsync(client, new
        {
            dataset = new { name = "fair-nopdf", version = 1 }, label = "label", prediction = "pred", positiveLabel = "1",
            sensitiveFeatures = new[] { new { name = "sex" } }, bootstrapResamples = 10,
        });
        using var pdf = await client.GetAsync($"api/v1/fairness/reports/{report.GetProperty("id").GetGuid()}/export.pdf");
        Assert.Equal(HttpStatusCode.NotImplemented, pdf.StatusCode);
        Assert.Contains("HTML export", await pdf.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
