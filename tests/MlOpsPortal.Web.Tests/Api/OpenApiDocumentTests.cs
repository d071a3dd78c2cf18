using System.Text.Json;
using System.Text.Json.Nodes;
using MlOpsPortal.TestSupport;
using MlOpsPortal.TestSupport.Web;

namespace MlOpsPortal.Web.Tests.Api;

/// <summary>
/// The OpenAPI document the portal serves must equal the committed one (docs/openapi.json), so every API change shows
/// up in review. After an intended change, regenerate it with MLOPS_UPDATE_OPENAPI_SNAPSHOT=1 and review the diff.
/// </summary>
public sealed class OpenApiDocumentTests(PortalApp app) : IClassFixture<PortalApp>
{
    private static readonly string CommittedPath = Path.Combine(TestPaths.RepoRoot, "docs", "openapi.json");

    [Fact]
    public async Task ServedDocument_MatchesCommittedDocsOpenApiJson()
    {
        var served = await ServedAsync();
        if (Environment.GetEnvironmentVariable("MLOPS_UPDATE_OPENAPI_SNAPSHOT") == "1")
        {
            await File.WriteAllTextAsync(CommittedPath, served);
        }

        Assert.True(File.Exists(CommittedPath), $"Missing {CommittedPath}; generate it with MLOPS_UPDATE_OPENAPI_SNAPSHOT=1.");
        Assert.True(
            (await File.ReadAllTextAsync(CommittedPath)).ReplaceLineEndings("\n") == served,
            "The served OpenAPI document differs from docs/openapi.json; if the API change is intended, regenerate it with MLOPS_UPDATE_OPENAPI_SNAPSHOT=1 and commit the diff.");
    }

    [Fact]
    public async Task ServedDocument_DocumentsTrainingRequestFieldsAndArtifactRoutes()
    {
        var doc = JsonNode.Parse(await ServedAsync())!;
        var paths = doc["paths"]!.AsObject();
        Assert.True(paths.ContainsKey("/api/v1/training-jobs"), string.Join(", ", paths.Select(p => p.Key)));
        Assert.True(paths.ContainsKey("/api/v1/runs/{id}/artifacts/{path}"));
        var request = doc["components"]!["schemas"]!["TrainingJobRequest"]!["properties"]!.AsObject();
        foreach (var field in new[] { "experiment", "trainDataset", "testDataset", "label", "positiveClass", "task", "validation", "hyperparameters", "imbalance", "seed", "threshold", "reweighing", "earlyStoppingRounds", "algorithm" })
        {
            Assert.True(request.ContainsKey(field), $"TrainingJobRequest lacks '{field}': {string.Join(", ", request.Select(p => p.Key))}");
        }
    }

    /// <summary>The served document without its <c>servers</c> list (that names the test host's random port).</summary>
    private async Task<string> ServedAsync()
    {
        using var client = app.CreateClient();
        var node = JsonNode.Parse(await client.GetStringAsync("api/openapi/v1.json"))!.AsObject();
        node.Remove("servers");
        return node.ToJsonString(new JsonSerializerOptions { WriteIndented = true }).ReplaceLineEndings("\n") + "\n";
    }
}
