using System.Net;
using MlOpsPortal.TestSupport.Web;

namespace MlOpsPortal.Web.Tests.Tracking;

public sealed class MlflowExperimentApiTests(PortalApp app) : IClassFixture<PortalApp>
{
    [Fact]
    public async Task ExperimentsCreate_DuplicateName_Returns400ResourceAlreadyExists()
    {
        using var client = app.CreateClient(await app.AdminTokenAsync());
        await client.CreateExperimentAsync("dup-exp");

        (await client.MlPostAsync("experiments/create", new { name = "dup-exp" }))
            .AssertError(HttpStatusCode.BadRequest, "RESOURCE_ALREADY_EXISTS", "Experiment(name=dup-exp) already exists.");
    }

    [Fact]
    public async Task ExperimentsCreate_MissingName_Returns400InvalidParameterValue()
    {
        using var client = app.CreateClient(await app.AdminTokenAsync());
        (await client.MlPostAsync("experiments/create", new { artifact_location = "x" }))
            .AssertError(HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE", "Missing value for required parameter 'name'");
    }

    [Fact]
    public async Task ExperimentsCreate_ViewerToken_Returns403PermissionDenied()
    {
        var password = await app.CreateUserAsync("viewer-mlflow@test.local", "Viewer");
        using var client = app.CreateClient(await app.TokenAsync("viewer-mlflow@test.local", password, "read", "write"));

        (await client.MlPostAsync("experiments/create", new { name = "not-allowed" }))
            .AssertError(HttpStatusCode.Forbidden, "PERMISSION_DENIED", "do not allow");
        var (status, _) = await client.MlPostAsync("experiments/search", new { max_results = 10 });
        Assert.Equal(HttpStatusCode.OK, status);
    }

    [Fact]
    public async Task ExperimentsGet_UnknownId_Returns404ResourceDoesNotExist()
    {
        using var client = app.CreateClient(await app.AdminTokenAsync());
        (await client.MlGetAsync("experiments/get?experiment_id=987654"))
            .AssertError(HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST", "No Experiment with id=987654 exists");
    }

    [Fact]
    public async Task ExperimentsUpdateAndDelete_ThenSearch_HidesDeletedUnlessAll()
    {
        using var client = app.CreateClient(await app.AdminTokenAsync());
        var id = await client.CreateExperimentAsync("to-rename");
        Assert.Equal(HttpStatusCode.OK, (await client.MlPostAsync("experiments/update", new { experiment_id = id, new_name = "renamed-exp" })).Status);
        Assert.Equal(HttpStatusCode.OK, (await client.MlPostAsync("experiments/delete", new { experiment_id = id })).Status);

        var (_, active) = await client.MlPostAsync("experiments/search", new { filter = "name = 'renamed-exp'" });
        Assert.False(active.TryGetProperty("experiments", out var none) && none.GetArrayLength() > 0);
        var (_, all) = await client.MlPostAsync("experiments/search", new { filter = "name LIKE 'renamed-%'", view_type = "ALL" });
        Assert.Equal("deleted", Assert.Single(all.GetProperty("experiments").EnumerateArray()).GetProperty("lifecycle_stage").GetString());
    }

    [Fact]
    public async Task ExperimentsSearch_PagedByToken_ReturnsEveryExperimentOnce()
    {
        using var client = app.CreateClient(await app.AdminTokenAsync());
        for (var i = 0; i < 5; i++)
        {
            await client.CreateExperimentAsync($"paged-{i}");
        }

        var seen = new List<string>();
        string? token = null;
        do
        {
            var (status, body) = await client.MlPostAsync("experiments/search", new { max_results = 2, filter = "name LIKE 'paged-%'", page_token = token });
            Assert.Equal(HttpStatusCode.OK, status);
            seen.AddRange(body.GetProperty("experiments").EnumerateArray().Select(e => e.GetProperty("name").GetString()!));
            token = body.TryGetProperty("next_page_token", out var t) ? t.GetString() : null;
        }
        while (token is not null);

        Assert.Equal(["paged-0", "paged-1", "paged-2", "paged-3", "paged-4"], seen.Order().ToList());
    }

    [Fact]
    public async Task ExperimentsSetExperimentTag_TwiceThenGet_ReturnsLastValueAndNoteAsDescription()
    {
        using var client = app.CreateClient(await app.AdminTokenAsync());
        var id = await client.CreateExperimentAsync("tagged-exp");
        Assert.Equal(HttpStatusCode.OK, (await client.MlPostAsync("experiments/set-experiment-tag", new { experiment_id = id, key = "team", value = "a" })).Status);
        Assert.Equal(HttpStatusCode.OK, (await client.MlPostAsync("experiments/set-experiment-tag", new { experiment_id = id, key = "team", value = "b" })).Status);
        Assert.Equal(HttpStatusCode.OK, (await client.MlPostAsync("experiments/set-experiment-tag", new { experiment_id = id, key = "mlflow.note.content", value = "notes" })).Status);

        var (_, body) = await client.MlGetAsync($"experiments/get?experiment_id={id}");
        var tags = body.GetProperty("experiment").GetProperty("tags").EnumerateArray()
            .ToDictionary(t => t.GetProperty("key").GetString()!, t => t.GetProperty("value").GetString());
        Assert.Equal(new Dictionary<string, string?> { ["mlflow.note.content"] = "notes", ["team"] = "b" }, tags);
        var (_, portal) = await client.MlGetAsync($"api/v1/experiments/{id}", mlflow: false);
        Assert.Equal("notes", portal.GetProperty("description").GetString());
    }

    [Fact]
    public async Task ExperimentsSetExperimentTag_DeletedExperimentOrBadKey_Returns400InvalidParameterValue()
    {
        using var client = app.CreateClient(await app.AdminTokenAsync());
        var id = await client.CreateExperimentAsync("tag-deleted-exp");
        (await client.MlPostAsync("experiments/set-experiment-tag", new { experiment_id = id, key = "bad key!", value = "x" }))
            .AssertError(HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE", "bad key!");
        Assert.Equal(HttpStatusCode.OK, (await client.MlPostAsync("experiments/delete", new { experiment_id = id })).Status);
        (await client.MlPostAsync("experiments/set-experiment-tag", new { experiment_id = id, key = "team", value = "x" }))
            .AssertError(HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE", "must be in the 'active' state");
        (await client.MlPostAsync("experiments/set-experiment-tag", new { experiment_id = "987654", key = "team", value = "x" }))
            .AssertError(HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST", "No Experiment with id=987654 exists");
    }

    [Fact]
    public async Task UnknownMlflowRoute_Returns404EndpointNotFoundInMlflowShape()
    {
        using var client = app.CreateClient(await app.AdminTokenAsync());
        (await client.MlPostAsync("runs/log-model", new { run_id = "x", model_json = "{}" }))
            .AssertError(HttpStatusCode.NotFound, "ENDPOINT_NOT_FOUND", "POST /api/2.0/mlflow/runs/log-model");
        (await client.MlGetAsync("no/such/route"))
            .AssertError(HttpStatusCode.NotFound, "ENDPOINT_NOT_FOUND", "GET /api/2.0/mlflow/no/such/route");
        using var response = await client.DeleteAsync("api/2.0/mlflow-artifacts/artifacts/1/abc/artifacts/f.txt");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("ENDPOINT_NOT_FOUND", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var (status, _) = await client.MlPostAsync("experiments/search", new { max_results = 1 });
        Assert.Equal(HttpStatusCode.OK, status);
    }
}
