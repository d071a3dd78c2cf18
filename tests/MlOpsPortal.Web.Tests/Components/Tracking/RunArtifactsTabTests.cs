using System.Text;
using AngleSharp.Html.Parser;
using MlOpsPortal.Infrastructure.Tracking.Artifacts;
using MlOpsPortal.Web.Components.Pages.Tracking;

namespace MlOpsPortal.Web.Tests.Components.Tracking;

public sealed class RunArtifactsTabTests : PortalComponentTest
{
    private const string RunId = "0123456789abcdef0123456789abcdef";
    private static readonly string Sha = new('a', 64);

    [Fact]
    public async Task RunArtifactsTab_TreeWithFiles_ShowsSizesDownloadLinksAndPreviewButtons()
    {
        IReadOnlyList<RunArtifactEntry> entries =
        [
            new("model", true, 5_000_000, null, RunArtifactEntry.Training, null),
            new("model/package.zip", false, 5_000_000, Sha, RunArtifactEntry.Training, null),
            new("plots", true, 1536, null, RunArtifactEntry.Logged, null),
            new("plots/roc curve.png", false, 1536, Sha, RunArtifactEntry.Logged, null),
            new("scores.csv", false, 300, Sha, RunArtifactEntry.Logged, null),
        ];
        var html = await RenderAsync(new Dictionary<string, object?>
        {
            [nameof(RunArtifactsTab.RunId)] = RunId,
            [nameof(RunArtifactsTab.Entries)] = entries,
        });
        var doc = new HtmlParser().ParseDocument(html);

        var rows = doc.QuerySelectorAll("#run-artifacts tbody tr");
        Assert.Equal(entries.Select(e => e.Path), rows.Select(r => r.GetAttribute("data-path")));
        Assert.Equal("4.8 MB", rows[1].QuerySelector(".artifact-size")!.TextContent);
        Assert.Equal("1.5 KB", rows[3].QuerySelector(".artifact-size")!.TextContent);
        var links = doc.QuerySelectorAll("a.artifact-download").Select(a => a.GetAttribute("href")).ToList();
        Assert.Equal(
            [$"/api/v1/runs/{RunId}/artifacts/model/package.zip", $"/api/v1/runs/{RunId}/artifacts/plots/roc%20curve.png", $"/api/v1/runs/{RunId}/artifacts/scores.csv"],
            links);
        // Small images and CSVs are previewable, a 5 MB package is not; directories have no link.
        Assert.Null(rows[1].QuerySelector(".artifact-preview-button"));
        Assert.NotNull(rows[3].QuerySelector(".artifact-preview-button"));
        Assert.NotNull(rows[4].QuerySelector(".artifact-preview-button"));
        Assert.Null(rows[0].QuerySelector("a"));
    }

    [Fact]
    public async Task RunArtifactsTab_CsvAndJsonPreview_RendersTableAndIndentedJson()
    {
        var csv = RunArtifactsViewModel.Build("scores.csv", Encoding.UTF8.GetBytes("id,score\r\n1,0.9\n2,0.1\n"));
        var csvHtml = await RenderPreviewAsync(csv);
        var cells = new HtmlParser().ParseDocument(csvHtml).QuerySelectorAll("#run-artifact-preview table.artifact-csv tr")
            .Select(r => string.Join("|", r.QuerySelectorAll("td").Select(c => c.TextContent))).ToList();
        Assert.Equal(["id|score", "1|0.9", "2|0.1"], cells);

        var json = RunArtifactsViewModel.Build("m.json", """{"auc":0.91,"f":[1,2]}"""u8.ToArray());
        var text = new HtmlParser().ParseDocument(await RenderPreviewAsync(json)).QuerySelector("pre.artifact-text")!.TextContent;
        Assert.Contains("\n  \"auc\": 0.91", text, StringComparison.Ordinal);

        var png = RunArtifactsViewModel.Build("p.png", [0x89, 0x50, 0x4E, 0x47]);
        var img = new HtmlParser().ParseDocument(await RenderPreviewAsync(png)).QuerySelector("#run-artifact-preview img")!;
        Assert.Equal("data:image/png;base64,iVBORw==", img.GetAttribute("src"));
    }

    [Fact]
    public async Task RunArtifactsTab_NoEntries_ExplainsHowToLog()
    {
        var html = await RenderAsync(new Dictionary<string, object?> { [nameof(RunArtifactsTab.RunId)] = RunId });
        Assert.Contains("No artifacts logged yet", new HtmlParser().ParseDocument(html).QuerySelector("#run-artifacts-empty")!.TextContent, StringComparison.Ordinal);
    }

    private Task<string> RenderPreviewAsync(ArtifactPreview preview) =>
        RenderAsync(new Dictionary<string, object?>
        {
            [nameof(RunArtifactsTab.RunId)] = RunId,
            [nameof(RunArtifactsTab.Preview)] = preview,
        });

    private Task<string> RenderAsync(IReadOnlyDictionary<string, object?> parameters) =>
        Task.FromResult(Render(builder =>
        {
            builder.OpenComponent<RunArtifactsTab>(0);
            foreach (var (name, value) in parameters)
            {
                builder.AddComponentParameter(1, name, value);
            }

            builder.CloseComponent();
        }).Markup);
}
