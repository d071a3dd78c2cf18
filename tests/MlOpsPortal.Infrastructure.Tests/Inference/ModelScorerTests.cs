using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using MlOpsPortal.Engines.Onnx;
using MlOpsPortal.Engines.Packaging;
using MlOpsPortal.Engines.XGBoost;
using MlOpsPortal.Infrastructure.Inference;
using MlOpsPortal.Infrastructure.Tests.Training;
using MlOpsPortal.Infrastructure.Training;

namespace MlOpsPortal.Infrastructure.Tests.Inference;

/// <summary>A small Adult model trained once for the class; scored through the real ONNX Runtime.</summary>
public sealed class AdultPackageFixture : IAsyncLifetime
{
    public ModelPackage Package { get; private set; } = null!;

    public string OnnxSha256 => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Package.Onnx));

    public InferenceService Inference { get; } = InferenceService.Create(new OnnxRuntimeOptions { ExecutionProvider = ExecutionProvider.Cpu }, NullLogger<InferenceService>.Instance);

    public async Task InitializeAsync()
    {
        var runner = new TrainingRunner(new XGBoostTrainer(2), new ModelPackageBuilder(TimeProvider.System));
        var outcome = runner.Run(new TrainingInputs(await TrainingTestData.AdultTrainAsync()), new TrainingSpec { Label = "income", PositiveClass = ">50K", Rounds = 30 }, null, CancellationToken.None);
        Package = outcome.Value.Package;
    }

    public Task DisposeAsync()
    {
        Inference.Dispose();
        return Task.CompletedTask;
    }
}

public sealed class ModelScorerTests(AdultPackageFixture adult) : IClassFixture<AdultPackageFixture>
{
    private const string Record = """{"age": 52, "workclass": "Self-emp-inc", "fnlwgt": 287927, "education": "HS-grad", "education-num": 9, "marital-status": "Married-civ-spouse", "occupation": "Exec-managerial", "relationship": "Wife", "race": "White", "sex": "Female", "capital-gain": 15024, "capital-loss": 0, "hours-per-week": 40, "native-country": "United-States"}""";

    private ModelScorer Scorer => new(adult.Inference);

    [Fact]
    public void Score_DataframeRecords_ReturnsLabelAndProbabilitiesSummingToOne()
    {
        var table = ScoringPayload.ParseJson(Encoding.UTF8.GetBytes($$"""{"dataframe_records": [{{Record}}]}"""), 100).Value;
        var result = Scorer.Score(adult.Package, adult.OnnxSha256, table, refuseUnseenCategories: true);
        Assert.True(result.IsSuccess, result.Error?.Message);
        var row = Assert.Single(result.Value.Predictions);
        Assert.Equal(">50K", row.Label); // a 15,024 capital gain is the strongest single signal in Adult
        Assert.Equal(1.0, row.Probabilities!.Values.Sum(), 5);
        Assert.Equal("CPUExecutionProvider", result.Value.ExecutionProvider);
    }

    [Fact]
    public void Score_DataframeSplit_SameAnswerAsRecords()
    {
        var records = ScoringPayload.ParseJson(Encoding.UTF8.GetBytes($$"""{"dataframe_records": [{{Record}}]}"""), 100).Value;
        var split = ScoringPayload.ParseJson(Encoding.UTF8.GetBytes(
            """{"dataframe_split": {"columns": ["age","workclass","fnlwgt","education","education-num","marital-status","occupation","relationship","race","sex","capital-gain","capital-loss","hours-per-week","native-country"], "data": [[52,"Self-emp-inc",287927,"HS-grad",9,"Married-civ-spouse","Exec-managerial","Wife","White","Female",15024,0,40,"United-States"]]}}"""), 100).Value;
        var a = Scorer.Score(adult.Package, adult.OnnxSha256, records, true).Value.Predictions[0];
        var b = Scorer.Score(adult.Package, adult.OnnxSha256, split, true).Value.Predictions[0];
        Assert.Equal(a.Probabilities![">50K"], b.Probabilities![">50K"], 6);
    }

    [Fact]
    public void Score_BadInputs_ListsEveryProblem()
    {
        var body = """{"dataframe_records": [{"age": "old", "workclass": "Alien", "fnlwgt": 1, "education": "HS-grad", "education-num": "NaN", "marital-status": "Married-civ-spouse", "occupation": "Exec-managerial", "relationship": "Wife", "race": "White", "sex": "Female", "capital-gain": 0, "capital-loss": 0, "native-country": "United-States"}]}""";
        var table = ScoringPayload.ParseJson(Encoding.UTF8.GetBytes(body), 100).Value;
        var result = Scorer.Score(adult.Package, adult.OnnxSha256, table, refuseUnseenCategories: true);
        Assert.False(result.IsSuccess);
        var problems = result.Error.Details!["inputs"];
        Assert.Contains("missing column 'hours-per-week' (numeric)", problems);
        Assert.Contains("row 1, column 'age': expected a number, got 'old'", problems);
        Assert.Contains("row 1, column 'workclass': unknown category 'Alien'", problems);
        Assert.Contains("row 1, column 'education-num': expected a number, got 'NaN'", problems);
    }

    [Fact]
    public void Score_UnseenCategoryAllowed_TreatsItAsMissing()
    {
        var table = ScoringPayload.ParseJson(Encoding.UTF8.GetBytes($$"""{"dataframe_records": [{{Record.Replace("Self-emp-inc", "Alien", StringComparison.Ordinal)}}]}"""), 100).Value;
        Assert.True(Scorer.Score(adult.Package, adult.OnnxSha256, table, refuseUnseenCategories: false).IsSuccess);
    }

    [Theory]
    [InlineData("""{"dataframe_records": [""", "not valid JSON")]
    [InlineData("""[1,2,3]""", "must be a JSON object")]
    [InlineData("""{"inputs": []}""", "'dataframe_split'")]
    [InlineData("""{"dataframe_records": []}""", "no rows")]
    [InlineData("""{"dataframe_records": [{"a": 1e400}]}""", "not a finite number")]
    [InlineData("""{"dataframe_split": {"columns": ["a","a"], "data": [[1,2]]}}""", "appears more than once")]
    [InlineData("""{"dataframe_split": {"columns": ["a"], "data": [[1,2]]}}""", "must be an array of 1 values")]
    [InlineData("""{"dataframe_records": [{"a": {"b": 1}}]}""", "nested object")]
    [InlineData("""{"dataframe_records": [{"a": 1}, {"a": 1}, {"a": 1}]}""", "Too many rows")]
    public void ParseJson_Malformed_GivesSpecificError(string body, string expected)
    {
        var result = ScoringPayload.ParseJson(Encoding.UTF8.GetBytes(body), maxRows: 2);
        Assert.False(result.IsSuccess);
        Assert.Contains(expected, result.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ParseCsv_QuotedFieldsAndMissingValues_Parsed()
    {
        var csv = "age,workclass,note\n39,\"State-gov\",\"a, b\"\n40,,x\n";
        var table = await ScoringPayload.ParseCsvAsync(new MemoryStream(Encoding.UTF8.GetBytes(csv)), 10, CancellationToken.None);
        Assert.True(table.IsSuccess, table.Error?.Message);
        Assert.Equal(2, table.Value.Rows.Count);
        Assert.Equal("a, b", table.Value.Rows[0][2]);
        Assert.Null(table.Value.Rows[1][1]);
    }
}
