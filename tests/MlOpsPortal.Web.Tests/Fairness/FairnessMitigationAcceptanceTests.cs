using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MlOpsPortal.Web.Tests.Datasets;
using MlOpsPortal.Web.Tests.Registry;
using MlOpsPortal.Web.Tests.Training;

namespace MlOpsPortal.Web.Tests.Fairness;

/// <summary>
/// The issue's acceptance on real Adult data: train, report by sex and race on adult.test (raw, "&gt;50K." labels), read the gap
/// with intervals, apply reweighing and group thresholds, see the gap shrink and the accuracy cost, and see a promotion
/// blocked by the fairness policy.
/// </summary>
public sealed class FairnessMitigationAcceptanceTests(RegistryPortalApp app) : IClassFixture<RegistryPortalApp>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(4);

    [Fact]
    public async Task Adult_GapWithIntervals_ReweighingAndGroupThresholdsShrinkIt_PolicyBlocksPromotion()
    {
        var kit = new RegistryTestKit(app);
        using var scientist = await kit.UserAsync("fair-accept-ds@test.local", "DataScientist");
        using var approver = await kit.UserAsync("fair-accept-approver@test.local", "Approver");
        await TrainingApi.UploadAdultPairAsync(scientist);

        var baselineRun = await TrainAsync(scientist, reweighing: null);
        var reweighedRun = await TrainAsync(scientist, reweighing: new { feature = "sex" });
        var run = await scientist.GetFromJsonAsync<JsonElement>($"api/2.0/mlflow/runs/get?run_id={reweighedRun}");
        var runParams = run.GetProperty("run").GetProperty("data").GetProperty("params").EnumerateArray()
            .ToDictionary(p => p.GetProperty("key").GetString()!, p => p.GetProperty("value").GetString());
        Assert.Equal("reweighing", runParams["mitigation"]);
        Assert.Equal("sex", runParams["reweighing_feature"]);

        await RegistryTestKit.CreateModelAsync(scientist, "adult-fair");
        foreach (var runId in new[] { baselineRun, reweighedRun })
        {
            using var registered = await scientist.PostAsJsonAsync("api/v1/models/adult-fair/versions/from-run", new { runId });
            Assert.Equal(HttpStatusCode.Created, registered.StatusCode);
        }

        var baseline = await ReportAsync(scientist, 1);
        var reweighed = await ReportAsync(scientist, 2);

        // The gap, with intervals: women are selected far less often than men.
        var women = FairnessReportApiTests.Group(baseline, ("sex", "Female"));
        var men = FairnessReportApiTests.Group(baseline, ("sex", "Male"));
        var womenRate = women.GetProperty("selectionRate").GetDouble();
        var menRate = men.GetProperty("selectionRate").GetDouble();
        Assert.True(womenRate < menRate / 2, $"women {womenRate}, men {menRate}");
        var interval = women.GetProperty("ci").GetProperty("selectionRate");
        Assert.True(interval[0].GetDouble() < womenRate && womenRate < interval[1].GetDouble(), interval.GetRawText());
        Assert.True(interval[1].GetDouble() < men.GetProperty("ci").GetProperty("selectionRate")[0].GetDouble(), "the intervals should not overlap");

        // Reweighing: the before/after table shows the demographic parity gap shrinking and what it costs.
        var comparison = await scientist.GetFromJsonAsync<JsonElement>(
            $"api/v1/fairness/compare?before={baseline.GetProperty("id").GetGuid()}&after={reweighed.GetProperty("id").GetGuid()}");
        var rows = comparison.GetProperty("rows").EnumerateArray().ToList();
        var dp = rows.Single(r => r.GetProperty("scope").GetString() == "sex" && r.GetProperty("metric").GetString() == "demographicParityDifference");
        var accuracy = rows.Single(r => r.GetProperty("scope").GetString() == "overall" && r.GetProperty("metric").GetString() == "accuracy");
        Assert.Equal("fairlearn", dp.GetProperty("convention").GetString());
        Assert.True(dp.GetProperty("after").GetDouble() < dp.GetProperty("before").GetDouble(), dp.GetRawText());
        Assert.True(accuracy.GetProperty("change").ValueKind == JsonValueKind.Number);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"[measure] Adult reweighing (sex): DP difference {dp.GetProperty("before").GetDouble():F3} -> {dp.GetProperty("after").GetDouble():F3}; accuracy {accuracy.GetProperty("before").GetDouble():F4} -> {accuracy.GetProperty("after").GetDouble():F4}"));

        var page = await scientist.GetStringAsync($"fairness/compare?before={baseline.GetProperty("id").GetGuid()}&after={reweighed.GetProperty("id").GetGuid()}");
        Assert.Contains("data-scope=\"sex\" data-metric=\"demographicParityDifference\"", page, StringComparison.Ordinal);
        Assert.Contains("adult-fair v1 → adult-fair v2", page, StringComparison.Ordinal);

        // Group thresholds (Hardt et al.) on the baseline: the gap shrinks further, at an accuracy cost; recorded on the run.
        using var thresholds = await scientist.PostAsJsonAsync($"api/v1/fairness/reports/{baseline.GetProperty("id").GetGuid()}/thresholds",
            new { feature = "sex", constraint = "demographicParity", objective = "accuracy", tolerance = 0.05 });
        var t = await RegistryTestKit.JsonAsync(thresholds);
        Assert.True(thresholds.IsSuccessStatusCode, t.GetRawText());
        var before = t.GetProperty("before");
        var after = t.GetProperty("after");
        Assert.True(after.GetProperty("demographicParityDifference").GetDouble() <= 0.05 + 1e-9, after.GetRawText());
        Assert.True(after.GetProperty("demographicParityDifference").GetDouble() < before.GetProperty("demographicParityDifference").GetDouble());
        Assert.True(after.GetProperty("accuracy").GetDouble() <= before.GetProperty("accuracy").GetDouble() + 1e-9);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"[measure] Adult group thresholds (sex, DP ≤ 0.05): DP {before.GetProperty("demographicParityDifference").GetDouble():F3} -> {after.GetProperty("demographicParityDifference").GetDouble():F3}; accuracy {before.GetProperty("accuracy").GetDouble():F4} -> {after.GetProperty("accuracy").GetDouble():F4}"));
        var tagged = await scientist.GetFromJsonAsync<JsonElement>($"api/2.0/mlflow/runs/get?run_id={baselineRun}");
        Assert.Contains(tagged.GetProperty("run").GetProperty("data").GetProperty("tags").EnumerateArray(), tag => tag.GetProperty("key").GetString() == "fairness.group_thresholds.sex");

        // The fairness policy blocks promoting the baseline: disparate impact by sex is far below 0.8.
        using (var policy = await scientist.PutAsJsonAsync("api/v1/models/adult-fair/policy", new
        {
            requiredApprovals = 1,
            blockingGates = new[] { "Fairness" },
            fairnessDataset = "adult-test",
            fairnessThresholds = new[] { new { metric = "aif360.disparateImpact", min = 0.8, grouping = "sex" } },
        }))
        {
            Assert.True(policy.IsSuccessStatusCode, await policy.Content.ReadAsStringAsync());
        }

        var request = await RegistryTestKit.RequestAsync(scientist, "adult-fair", 1);
        var detail = await scientist.GetFromJsonAsync<JsonElement>($"api/v1/promotion-requests/{request}");
        var gate = detail.GetProperty("gates").EnumerateArray().Single(g => g.GetProperty("gate").GetString() == "Fairness");
        Assert.Equal("Failed", gate.GetProperty("outcome").GetString());
        using var refused = await approver.PostAsJsonAsync($"api/v1/promotion-requests/{request}/approve", new { comment = "fair enough?" });
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Contains("Fairness", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private static async Task<string> TrainAsync(HttpClient client, object? reweighing)
    {
        var body = TrainingApi.MinimalRequest();
        body["hyperparameters"] = new { rounds = 60, learningRate = 0.3 };
        if (reweighing is not null)
        {
            body["reweighing"] = reweighing;
        }

        var (job, runId) = await TrainingApi.SubmitAsync(client, body);
        var done = await DatasetApi.WaitForJobAsync(client, job, s => s is "Succeeded" or "Failed", Timeout);
        Assert.True(done.GetProperty("status").GetString() == "Succeeded", done.GetRawText());
        return runId;
    }

    private static Task<JsonElement> ReportAsync(HttpClient client, int version) => FairnessReportApiTests.CreateAndWaitAsync(client, new
    {
        dataset = new { name = "adult-test", version = 1 }, model = new { name = "adult-fair", version },
        label = "income", positiveLabel = ">50K", sensitiveFeatures = new[] { new { name = "sex" }, new { name = "race" } },
        privilegedGroups = new Dictionary<string, string> { ["sex"] = "Male" }, intersectional = true, bootstrapResamples = 100,
    });
}
