using System.Net.Http.Headers;
using System.Text.Json;
using MlOpsPortal.Engines.Packaging;
using MlOpsPortal.Engines.XGBoost;
using MlOpsPortal.Infrastructure.Tests.Training;
using MlOpsPortal.Infrastructure.Training;
using MlOpsPortal.TestSupport.Web;

namespace MlOpsPortal.Web.Tests.Inference;

/// <summary>The portal plus two Adult model packages (30 and 5 boosting rounds) registered as versions 1 and 2 of 'adult'.</summary>
public sealed class ScoringPortalApp : PortalApp
{
    public const string Model = "adult";

    public const string AdultRow = """{"age": 52, "workclass": "Self-emp-inc", "fnlwgt": 287927, "education": "HS-grad", "education-num": 9, "marital-status": "Married-civ-spouse", "occupation": "Exec-managerial", "relationship": "Wife", "race": "White", "sex": "Female", "capital-gain": 15024, "capital-loss": 0, "hours-per-week": 40, "native-country": "United-States"}""";

    public HttpClient Admin { get; private set; } = null!;

    public string AdminToken { get; private set; } = string.Empty;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        AdminToken = await AdminTokenAsync();
        Admin = CreateClient(AdminToken);
        using (var created = await Admin.PostAsync("api/v1/models", Json(new { name = Model, description = "Adult income" })))
        {
            Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync());
        }

        var train = await TrainingTestData.AdultTrainAsync();
        foreach (var rounds in new[] { 30, 5 })
        {
            var runner = new TrainingRunner(new XGBoostTrainer(2), new ModelPackageBuilder(TimeProvider.System));
            var outcome = runner.Run(new TrainingInputs(train), new TrainingSpec { Label = "income", PositiveClass = ">50K", Rounds = rounds }, null, CancellationToken.None);
            using var zip = new MemoryStream();
            await ModelPackageStore.WriteZipAsync(outcome.Value.Package, zip);
            using var form = new MultipartFormDataContent();
            var file = new ByteArrayContent(zip.ToArray());
            file.Headers.ContentType = new MediaTypeHeaderValue("application/zip");
            form.Add(file, "file", "model-package.zip");
            using var uploaded = await Admin.PostAsync($"api/v1/models/{Model}/versions", form);
            Assert.True(uploaded.IsSuccessStatusCode, await uploaded.Content.ReadAsStringAsync());
        }
    }

    public override async Task DisposeAsync()
    {
        Admin?.Dispose();
        await base.DisposeAsync();
    }

    public static StringContent Json(object value) => new(JsonSerializer.Serialize(value), System.Text.Encoding.UTF8, "application/json");

    public static StringContent Raw(string body, string mediaType = "application/json") => new(body, System.Text.Encoding.UTF8, mediaType);
}
