using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using MlOpsPortal.TestSupport.Web;
using MlOpsPortal.Web.Tests.Datasets;
using MlOpsPortal.Web.Tests.Fairness;

namespace MlOpsPortal.Web.Tests.Api;

/// <summary>Issue 17: every bad request gets a reason — the shape, the member path, the limit — and the shorthands users write work.</summary>
public sealed class BadRequestTests(PortalApp app) : IClassFixture<PortalApp>
{
    [Fact]
    public async Task CreateFairnessReport_SensitiveFeaturesAsColumnNames_CreatesReport()
    {
        using var client = app.CreateClient(await app.AdminTokenAsync());
        using (var upload = await DatasetApi.UploadTextAsync(client, "short-fair", "label,pred,race\n1,1,A\n0,1,A\n1,0,B\n0,0,B\n1,1,B\n"))
        {
            Assert.Equal(HttpStatusCode.Created, upload.StatusCode);
        }

        var report = await FairnessReportApiTests.CreateAndWaitAsync(client, JsonDocument.Parse("""
            {"dataset": "short-fair@1", "label": "label", "prediction": "pred", "positiveLabel": "1", "sensitiveFeatures": ["race"]}
            """).RootElement);

        Assert.Equal("succeeded", report.GetProperty("status").GetString());
        Assert.Equal(2, FairnessReportApiTests.Group(report, ("race", "A")).GetProperty("count").GetInt32());
        Assert.Equal(3, FairnessReportApiTests.Group(report, ("race", "B")).GetProperty("count").GetInt32());

        using var column = await PostJsonAsync(client, "api/v1/fairness/reports",
            """{"dataset": {"name": "short-fair", "version": 1}, "label": "label", "prediction": "pred", "positiveLabel": "1", "sensitiveFeatures": [{"column": "race"}]}""");
        Assert.Equal(HttpStatusCode.Accepted, column.StatusCode);

        using var nameless = await PostJsonAsync(client, "api/v1/fairness/reports",
            """{"dataset": "short-fair@1", "label": "label", "prediction": "pred", "positiveLabel": "1", "sensitiveFeatures": [{"edges": [1]}]}""");
        var problem = await ProblemAsync(nameless, HttpStatusCode.BadRequest);
        Assert.Contains("column", Errors(problem, "$.sensitiveFeatures[0]"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SubmitTraining_TrainDatasetAsPlainString_400NamingTrainDatasetAndItsShape()
    {
        using var client = app.CreateClient(await app.AdminTokenAsync());
        using var response = await PostJsonAsync(client, "api/v1/training-jobs", """{"experiment": "e", "trainDataset": "adult", "label": "income"}""");

        var problem = await ProblemAsync(response, HttpStatusCode.BadRequest);
        var reason = Errors(problem, "$.trainDataset");
        Assert.Contains("\"name\", \"version\"", reason, StringComparison.Ordinal);
        Assert.Contains("adult@1", reason, StringComparison.Ordinal);
        Assert.Contains("$.trainDataset", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SubmitTraining_HyperparameterOfWrongType_400NamingPathAndExpectedType()
    {
        using var client = app.CreateClient(await app.AdminTokenAsync());
        using var response = await PostJsonAsync(client, "api/v1/training-jobs",
            """{"experiment": "e", "trainDataset": {"name": "adult", "version": 1}, "label": "income", "hyperparameters": {"maxDepth": "deep"}}""");

        var problem = await ProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal("expected an integer", Errors(problem, "$.hyperparameters.maxDepth"));
    }

    [Fact]
    public async Task UpdateSchema_UnknownColumnType_400NamingPathAndAllowedValues()
    {
        using var client = app.CreateClient(await app.AdminTokenAsync());
        using var response = await client.PutAsync("api/v1/datasets/any/versions/1/schema",
            new StringContent("""{"columns": [{"name": "age", "type": "integer"}]}""", Encoding.UTF8, "application/json"));

        var problem = await ProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal("expected one of \"numeric\", \"categorical\", \"boolean\", \"datetime\", \"text\"", Errors(problem, "$.columns[0].type"));
    }

    [Fact]
    public async Task UpdateSchema_ColumnWithoutName_400NamingTheColumnEntry()
    {
        using var client = app.CreateClient(await app.AdminTokenAsync());
        using var response = await client.PutAsync("api/v1/datasets/any/versions/1/schema",
            new StringContent("""{"columns": [{"name": "age", "type": "numeric"}, {"type": "text"}]}""", Encoding.UTF8, "application/json"));

        var problem = await ProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal("a column name is required", Errors(problem, "$.columns[1].name"));
    }

    [Fact]
    public async Task CreateModel_NotJsonOrEmpty_400SayingWhy()
    {
        using var client = app.CreateClient(await app.AdminTokenAsync());
        using var text = await PostJsonAsync(client, "api/v1/models", "name=m");
        Assert.Contains("not valid JSON", (await ProblemAsync(text, HttpStatusCode.BadRequest)).GetProperty("detail").GetString(), StringComparison.Ordinal);

        using var empty = await PostJsonAsync(client, "api/v1/models", string.Empty);
        Assert.Contains("body is required", (await ProblemAsync(empty, HttpStatusCode.BadRequest)).GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateModel_OneMegabyteDescription_400NamingFieldAndLimit()
    {
        using var client = app.CreateClient(await app.AdminTokenAsync());
        using var response = await client.PostAsJsonAsync("api/v1/models", new { name = "long-description", description = new string('x', 1 << 20) });

        var problem = await ProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains("5000", Errors(problem, "description"), StringComparison.Ordinal);
        Assert.Contains("'description'", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        using var missing = await client.GetAsync("api/v1/models/long-description");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task SubmitBatchScoring_MalformedBodies_400WithReason()
    {
        using var client = app.CreateClient(await app.AdminTokenAsync());
        using var text = await PostJsonAsync(client, "api/v1/batch-scoring-jobs", "{\"model\": ");
        Assert.Contains("not valid JSON", (await ProblemAsync(text, HttpStatusCode.BadRequest)).GetProperty("detail").GetString(), StringComparison.Ordinal);

        using var shape = await PostJsonAsync(client, "api/v1/batch-scoring-jobs", """{"model": "m", "dataset": "d@1"}""");
        Assert.StartsWith("expected an object {", Errors(await ProblemAsync(shape, HttpStatusCode.BadRequest), "$.model"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("api/v1/datasets/cut-short/versions")]
    [InlineData("api/v1/models/cut-short/versions")]
    public async Task Upload_TruncatedMultipartBody_400SayingTheUploadWasCutShort(string path)
    {
        using var client = app.CreateClient(await app.AdminTokenAsync());
        var body = "--b0undary\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.csv\"\r\nContent-Type: text/csv\r\n\r\na,b\n1,2\n3,"u8.ToArray();
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse("multipart/form-data; boundary=b0undary");
        using var response = await client.PostAsync(path, content);

        var problem = await ProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains("cut short", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task MlflowLogBatch_ChunkedBodyOverTheLimit_413InMlflowShape()
    {
        using var client = app.CreateClient(await app.AdminTokenAsync());
        var json = "{\"run_id\": \"r\", \"params\": [" + string.Join(',', Enumerable.Repeat("{\"key\": \"k\", \"value\": \"" + new string('v', 1000) + "\"}", 2000)) + "]}";
        using var content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(json)));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/2.0/mlflow/runs/log-batch") { Content = content };
        request.Headers.TransferEncodingChunked = true;
        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("INVALID_PARAMETER_VALUE", body.GetProperty("error_code").GetString());
        Assert.Contains("1000000 bytes", body.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task MlflowCreateRun_NotJsonOrWrongType_400InMlflowShapeNamingTheProblem()
    {
        using var client = app.CreateClient(await app.AdminTokenAsync());
        using var text = await PostJsonAsync(client, "api/2.0/mlflow/runs/create", "experiment_id=0");
        var body = await MlflowErrorAsync(text, HttpStatusCode.BadRequest);
        Assert.Contains("not valid JSON", body, StringComparison.Ordinal);

        using var shape = await PostJsonAsync(client, "api/2.0/mlflow/runs/create", """{"experiment_id": "0", "tags": {"k": "v"}}""");
        Assert.Contains("$.tags", await MlflowErrorAsync(shape, HttpStatusCode.BadRequest), StringComparison.Ordinal);

        using var registry = await PostJsonAsync(client, "api/2.0/mlflow/registered-models/create", "{name: m}");
        Assert.Contains("not valid JSON", await MlflowErrorAsync(registry, HttpStatusCode.BadRequest), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SearchRuns_TooManyClausesOrTooLongFilter_400Fast()
    {
        using var client = app.CreateClient(await app.AdminTokenAsync());
        var clauses = string.Join(" AND ", Enumerable.Range(0, 200).Select(i => $"metrics.m{i} > {i}"));
        var watch = Stopwatch.StartNew();
        using var many = await client.PostAsJsonAsync("api/2.0/mlflow/runs/search", new { experiment_ids = new[] { "0" }, filter = clauses });
        Assert.Contains("25 clauses", await MlflowErrorAsync(many, HttpStatusCode.BadRequest), StringComparison.Ordinal);

        var longFilter = "params.p = '" + new string('x', 100_000) + "'";
        using var longOne = await client.PostAsJsonAsync("api/2.0/mlflow/runs/search", new { experiment_ids = new[] { "0" }, filter = longFilter });
        Assert.Contains("10000 characters", await MlflowErrorAsync(longOne, HttpStatusCode.BadRequest), StringComparison.Ordinal);

        using var portal = await client.PostAsJsonAsync("api/v1/experiments/0/runs/search", new { filter = clauses });
        Assert.Contains("25 clauses", (await ProblemAsync(portal, HttpStatusCode.BadRequest)).GetProperty("detail").GetString(), StringComparison.Ordinal);

        using var tooMany = await client.PostAsJsonAsync("api/2.0/mlflow/runs/search", new { experiment_ids = new[] { "0" }, max_results = 50_001 });
        Assert.Contains("at most 50000", await MlflowErrorAsync(tooMany, HttpStatusCode.BadRequest), StringComparison.Ordinal);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"the refusals took {watch.Elapsed}");
    }

    private static Task<HttpResponseMessage> PostJsonAsync(HttpClient client, string path, string json) =>
        client.PostAsync(path, new StringContent(json, Encoding.UTF8, "application/json"));

    private static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"{(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(text).RootElement.Clone();
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("detail").GetString()), text);
        return problem;
    }

    private static string Errors(JsonElement problem, string path) =>
        problem.TryGetProperty("errors", out var errors) && errors.TryGetProperty(path, out var reasons)
            ? string.Join("; ", reasons.EnumerateArray().Select(r => r.GetString()))
            : throw new Xunit.Sdk.XunitException($"no errors for '{path}' in {problem}");

    private static async Task<string> MlflowErrorAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"{(int)response.StatusCode}: {text}");
        var body = JsonDocument.Parse(text).RootElement;
        Assert.Equal("INVALID_PARAMETER_VALUE", body.GetProperty("error_code").GetString());
        return body.GetProperty("message").GetString()!;
    }
}
