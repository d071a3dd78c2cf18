using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MlOpsPortal.TestSupport.Web;
using MlOpsPortal.Web.Tests.Datasets;

namespace MlOpsPortal.Web.Tests.Quality;

/// <summary>Personal data found on upload (profile job), redacted for users without PersonalDataReader, raw reads audited.</summary>
public sealed class PersonalDataApiTests(PortalApp app) : IClassFixture<PortalApp>
{
    private const string Csv =
        "id,email,phone,score\n" +
        "1,ann@example.com,+44 20 7946 0958,0.5\n" +
        "2,bob@mail.example.org,(555) 123-4567,0.7\n" +
        "3,carol@example.net,555-987-6543,0.1\n";

    [Fact]
    public async Task Upload_CsvWithEmailAndPhone_BothFlagged_ViewerPreviewRedacted_ReaderSeesRawAndIsAudited()
    {
        using var admin = app.CreateClient(await app.AdminTokenAsync());
        using (var uploaded = await DatasetApi.UploadTextAsync(admin, "pii-contacts", Csv))
        {
            Assert.Equal(HttpStatusCode.Created, uploaded.StatusCode);
        }

        var version = await DatasetApi.WaitForProfileAsync(admin, "pii-contacts", 1, TimeSpan.FromSeconds(90));
        Assert.Equal("ready", version.GetProperty("profileStatus").GetString());
        var columns = version.GetProperty("columns");
        Assert.Equal("email", DatasetApi.Column(columns, "email").GetProperty("pii").GetProperty("kind").GetString());
        Assert.Equal(1.0, DatasetApi.Column(columns, "email").GetProperty("pii").GetProperty("share").GetDouble());
        Assert.Equal("phone", DatasetApi.Column(columns, "phone").GetProperty("pii").GetProperty("kind").GetString());
        Assert.False(DatasetApi.Column(columns, "score").TryGetProperty("pii", out _));

        var viewerPassword = await app.CreateUserAsync("pii-viewer@test.local", "Viewer");
        using var viewer = app.CreateClient(await app.TokenAsync("pii-viewer@test.local", viewerPassword, "read"));
        var redacted = await viewer.GetFromJsonAsync<JsonElement>("api/v1/datasets/pii-contacts/versions/1/preview");
        Assert.Equal(["1", "[redacted]", "[redacted]", "0.5"], redacted.GetProperty("rows")[0].EnumerateArray().Select(v => v.GetString()));
        Assert.DoesNotContain("ann@example.com", redacted.GetRawText(), StringComparison.Ordinal);
        using (var download = await viewer.GetAsync("api/v1/datasets/pii-contacts/versions/1/file"))
        {
            Assert.Equal(HttpStatusCode.Forbidden, download.StatusCode);
            Assert.Contains("PersonalDataReader", await download.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        var readerPassword = await app.CreateUserAsync("pii-reader@test.local", "Viewer", "PersonalDataReader");
        using var reader = app.CreateClient(await app.TokenAsync("pii-reader@test.local", readerPassword, "read"));
        var raw = await reader.GetFromJsonAsync<JsonElement>("api/v1/datasets/pii-contacts/versions/1/preview");
        Assert.Equal("ann@example.com", raw.GetProperty("rows")[0][1].GetString());
        var audit = await admin.GetFromJsonAsync<JsonElement>("api/v1/audit?action=dataset.personal_data_read");
        Assert.Contains("pii-reader@test.local", audit.GetRawText(), StringComparison.OrdinalIgnoreCase);
    }
}
