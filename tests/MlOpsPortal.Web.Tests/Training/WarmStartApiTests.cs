using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MlOpsPortal.Web.Tests.Datasets;
using MlOpsPortal.Web.Tests.Registry;

namespace MlOpsPortal.Web.Tests.Training;

/// <summary>Warm start over REST: <c>baseModel {name, version}</c> continues a registered model.</summary>
public sealed class WarmStartApiTests(RegistryPortalApp app) : IClassFixture<RegistryPortalApp>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(4);

    private const string AdultRows = """
        {"dataframe_records": [
          {"age": 52, "workclass": "Self-emp-inc", "fnlwgt": 287927, "education": "HS-grad", "education-num": 9, "marital-status": "Married-civ-spouse", "occupation": "Exec-managerial", "relationship": "Wife", "race": "White", "sex": "Female", "capital-gain": 15024, "capital-loss": 0, "hours-per-week": 40, "native-country": "United-States"},
          {"age": 25, "workclass": "Private", "fnlwgt": 226802, "education": "11th", "education-num": 7, "marital-status": "Never-married", "occupation": "Machine-op-inspct", "relationship": "Own-child", "race": "Black", "sex": "Male", "capital-gain": 0, "capital-loss": 0, "hours-per-week": 40, "native-country": "United-States"},
          {"age": 44, "workclass": "Private", "fnlwgt": 160323, "education": "Some-college", "education-num": 10, "marital-status": "Married-civ-spouse", "occupation": "Machine-op-inspct", "relationship": "Husband", "race": "Black", "sex": "Male", "capital-gain": 7688, "capital-loss": 0, "hours-per-week": 40, "native-country": "United-States"}
        ]}
        """;

    [Fact]
    public async Task WarmStart_ContinuedForZeroRounds_ScoresExactlyLikeItsBase_MismatchedSchema400NamingTheColumns()
    {
        var kit = new RegistryTestKit(app);
        using var scientist = await kit.UserAsync("warm-ds@test.local", "DataScientist");
        await TrainingApi.UploadAdultPairAsync(scientist);
        await RegistryTestKit.CreateModelAsync(scientist, "adult-warm");
        var body = TrainingApi.MinimalRequest();
        body["hyperparameters"] = new { rounds = 8 };
        await TrainAndRegisterAsync(scientist, body);

        var continued = TrainingApi.MinimalRequest();
        continued["baseModel"] = new { name = "adult-warm", version = 1 };
        continued["hyperparameters"] = new { rounds = 0 };
        await TrainAndRegisterAsync(scientist, continued);

        using var scorer = app.CreateClient(await app.AdminTokenAsync());
        var v1 = await ProbabilitiesAsync(scorer, 1);
        var v2 = await ProbabilitiesAsync(scorer, 2);
        Assert.Equal(v1, v2);

        var before = await TrainingApi.TrainingJobCountAsync(scientist);
        var cases = new (Action<Dictionary<string, object?>> Change, HttpStatusCode Status, string Reason)[]
        {
            (b => b["excluded"] = new[] { "age", "race" }, HttpStatusCode.BadRequest, "columns missing from the training features: age, race"),
            (b => b["baseModel"] = new { name = "adult-warm", version = 9 }, HttpStatusCode.NotFound, "adult-warm v9"),
            (b => { b["algorithm"] = "lightgbm"; b["hyperparameters"] = new { rounds = 5 }; }, HttpStatusCode.BadRequest, "'baseModel' needs algorithm gbtree, gblinear or lbfgs"),
            (b => b["algorithm"] = "gblinear", HttpStatusCode.BadRequest, "is an XGBoost gbtree model; 'algorithm' must match it"),
            (b => { b.Remove("baseModel"); }, HttpStatusCode.BadRequest, "'hyperparameters.rounds' must be between 1 and 10000 (0 only with 'baseModel')"),
        };
        foreach (var (change, status, reason) in cases)
        {
            var bad = TrainingApi.MinimalRequest();
            bad["baseModel"] = new { name = "adult-warm", version = 1 };
            bad["hyperparameters"] = new { rounds = 0 };
            change(bad);
            using var response = await scientist.PostAsJsonAsync("api/v1/training-jobs", bad);
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == status, $"{reason}: {(int)response.StatusCode} {text}");
            Assert.Contains(reason, JsonDocument.Parse(text).RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }

        Assert.Equal(before, await TrainingApi.TrainingJobCountAsync(scientist));
    }

    private static async Task TrainAndRegisterAsync(HttpClient client, Dictionary<string, object?> body)
    {
        var (job, runId) = await TrainingApi.SubmitAsync(client, body);
        var finished = await DatasetApi.WaitForJobAsync(client, job, s => s is "Succeeded" or "Failed", Timeout);
        Assert.True(finished.GetProperty("status").GetString() == "Succeeded", finished.ToString());
        using var registered = await client.PostAsJsonAsync("api/v1/models/adult-warm/versions/from-run", new { runId });
        Assert.Equal(HttpStatusCode.Created, registered.StatusCode);
    }

    private static async Task<double[]> ProbabilitiesAsync(HttpClient client, int version)
    {
        using var content = new StringContent(AdultRows, System.Text.Encoding.UTF8, "application/json");
        using var response = await client.PostAsync($"api/v1/models/adult-warm/versions/{version}/predict", content);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        return JsonDocument.Parse(text).RootElement.GetProperty("predictions").EnumerateArray()
            .Select(p => p.GetProperty("probabilities").GetProperty(">50K").GetDouble()).ToArray();
    }
}
