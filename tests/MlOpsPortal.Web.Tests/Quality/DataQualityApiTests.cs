using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using MlOpsPortal.TestSupport.Web;
using MlOpsPortal.Web.Tests.Datasets;

namespace MlOpsPortal.Web.Tests.Quality;

/// <summary>Data-quality rules over REST, evaluated by the profile job, and the 400 that training, HPO and recipes answer on a failing version.</summary>
public sealed class DataQualityApiTests(PortalApp app) : IClassFixture<PortalApp>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);

    /// <summary>20 rows of x (numeric), y (categorical), label; <paramref name="missingX"/> of them without x.</summary>
    private static string Csv(int missingX)
    {
        var text = new StringBuilder("x,y,label\n");
        for (var i = 0; i < 20; i++)
        {
            var x = i < missingX ? string.Empty : (i * 1.5).ToString(CultureInfo.InvariantCulture);
            text.Append(CultureInfo.InvariantCulture, $"{x},{(i % 3 == 0 ? "a" : "b")},{(i % 2 == 0 ? "yes" : "no")}\n");
        }

        return text.ToString();
    }

    private static object Rules => new
    {
        rules = new object[]
        {
            new { kind = "maxMissingShare", column = "x", max = 0.05, severity = "blocking" },
            new { kind = "minClassShare", column = "label", min = 0.1, severity = "warning" },
            new { kind = "schemaChange", severity = "warning" },
        },
    };

    private static Dictionary<string, object?> Training(int version) => new()
    {
        ["experiment"] = "dq",
        ["trainDataset"] = new { name = "dq-train", version },
        ["label"] = "label",
        ["positiveClass"] = "yes",
    };

    [Fact]
    public async Task NewVersion_30PercentMissingWhereRuleAllows5_MarkedFailingAndTrainingHpoRecipeAnswer400NamingColumn()
    {
        using var client = app.CreateClient(await app.AdminTokenAsync());
        using (var v1 = await DatasetApi.UploadTextAsync(client, "dq-train", Csv(0)))
        {
            Assert.Equal(HttpStatusCode.Created, v1.StatusCode);
        }

        using (var put = await client.PutAsJsonAsync("api/v1/datasets/dq-train/quality-rules", Rules))
        {
            Assert.True(put.IsSuccessStatusCode, await put.Content.ReadAsStringAsync());
        }

        using (var v2 = await DatasetApi.UploadTextAsync(client, "dq-train", Csv(6)))
        {
            Assert.Equal(HttpStatusCode.Created, v2.StatusCode);
        }

        var version = await DatasetApi.WaitForProfileAsync(client, "dq-train", 2, Timeout);
        Assert.Equal("ready", version.GetProperty("profileStatus").GetString());
        Assert.Equal("failing", version.GetProperty("qualityStatus").GetString());
        var report = await client.GetFromJsonAsync<JsonElement>("api/v1/datasets/dq-train/versions/2/quality-report");
        var missing = report.GetProperty("report").GetProperty("checks")[0];
        Assert.Equal(("failed", "30 %", 6), (missing.GetProperty("status").GetString(), missing.GetProperty("observed").GetString(), missing.GetProperty("offendingCount").GetInt32()));
        Assert.Equal(0, missing.GetProperty("examples")[0].GetProperty("row").GetInt32());

        using var training = await client.PostAsJsonAsync("api/v1/training-jobs", Training(2));
        var problem = await AssertBadRequestAsync(training);
        Assert.Contains("maxMissingShare(x)", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Contains("Column 'x' is missing in 30 % of rows", problem.GetProperty("errors").GetProperty("trainDataset")[0].GetString(), StringComparison.Ordinal);

        using var hpo = await client.PostAsJsonAsync("api/v1/hpo-jobs", new { training = Training(2), search = new { strategy = "random", trials = 2, parameters = new { maxDepth = new { intRange = new[] { 3, 5 } } } } });
        Assert.Contains("maxMissingShare(x)", (await AssertBadRequestAsync(hpo)).GetProperty("detail").GetString(), StringComparison.Ordinal);
        using var recipe = await client.PostAsJsonAsync("api/v1/recipes", new { name = "dq-recipe", training = Training(2) });
        Assert.Contains("column 'x'", (await AssertBadRequestAsync(recipe)).GetProperty("detail").GetString(), StringComparison.OrdinalIgnoreCase);
        var jobs = await client.GetFromJsonAsync<JsonElement>("api/v1/jobs?kind=training&take=1");
        Assert.Equal(0, jobs.GetProperty("total").GetInt32());

        // Version 1 was profiled before the rules existed; evaluating them now finds it clean.
        using var recheck = await client.PostAsync("api/v1/datasets/dq-train/versions/1/quality-report", null);
        var v1Report = await recheck.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("passed", v1Report.GetProperty("status").GetString());
    }

    [Fact]
    public async Task PutRules_IncompleteRuleOrViewer_400NamingFieldOr403()
    {
        using var client = app.CreateClient(await app.AdminTokenAsync());
        using (var v1 = await DatasetApi.UploadTextAsync(client, "dq-bad", Csv(0)))
        {
            Assert.Equal(HttpStatusCode.Created, v1.StatusCode);
        }

        using var bad = await client.PutAsJsonAsync("api/v1/datasets/dq-bad/quality-rules", new { rules = new[] { new { kind = "maxMissingShare", column = "x", max = 5.0 } } });
        var problem = await AssertBadRequestAsync(bad);
        Assert.True(problem.GetProperty("errors").TryGetProperty("$.rules[0].max", out _), problem.GetRawText());

        var password = await app.CreateUserAsync("dq-viewer@test.local", "Viewer");
        using var viewer = app.CreateClient(await app.TokenAsync("dq-viewer@test.local", password, "read", "write"));
        using var forbidden = await viewer.PutAsJsonAsync("api/v1/datasets/dq-bad/quality-rules", Rules);
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        var rules = await viewer.GetFromJsonAsync<JsonElement>("api/v1/datasets/dq-bad/quality-rules");
        Assert.Equal(0, rules.GetProperty("rules").GetArrayLength());
        using var unknown = await client.GetAsync("api/v1/datasets/no-such-ds/quality-rules");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    private static async Task<JsonElement> AssertBadRequestAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return JsonDocument.Parse(text).RootElement;
    }
}
