using System.Text;
using MlOpsPortal.Application.Artifacts;
using MlOpsPortal.Application.Audit;
using MlOpsPortal.Application.Datasets;
using MlOpsPortal.Domain.Common;
using MlOpsPortal.Web.Components.Pages.Datasets;

namespace MlOpsPortal.Web.Tests.Components.Datasets;

public sealed class DatasetUploadViewModelTests
{
    private static readonly Actor Alice = new("alice@example.com", "alice-id");
    private readonly FakeCatalog _catalog = new();

    [Fact]
    public async Task PreviewAsync_FileWithoutHeader_ShowsDelimiterTypesAndFirstRows()
    {
        var vm = new DatasetUploadViewModel(_catalog, new DatasetOptions());
        vm.ChooseFile("adult sample.csv", 100);

        await vm.PreviewAsync(Text("39, State-gov, <=50K\n50, Self-emp, >50K\n38, Private, <=50K\n"), CancellationToken.None);

        Assert.Equal("adult-sample", vm.Name);
        Assert.Equal(DatasetUploadViewModel.UploadStep.Preview, vm.Step);
        Assert.Equal("comma", vm.DelimiterText);
        Assert.False(vm.Format!.HasHeader);
        Assert.Equal(["column_1", "column_2", "column_3"], vm.Columns.Select(c => c.Detected));
        Assert.Equal(ColumnType.Numeric, vm.Columns[0].InferredType);
        Assert.Equal(3, vm.Preview!.Rows.Count);
        Assert.Null(vm.Error);
    }

    [Fact]
    public async Task PreviewAsync_RaggedRow_NamesTheRow()
    {
        var vm = new DatasetUploadViewModel(_catalog, new DatasetOptions());
        vm.ChooseFile("ragged.csv", 20);

        await vm.PreviewAsync(Text("a,b,c\n1,2,3\n4,5\n"), CancellationToken.None);

        Assert.Equal(DatasetUploadViewModel.UploadStep.File, vm.Step);
        Assert.Contains("Row 2 (line 3) has 2 fields, expected 3", vm.Error?.Message, StringComparison.Ordinal);
        Assert.Equal("row 2 · line 3 · column c", vm.ErrorLocation);
    }

    [Fact]
    public async Task ColumnError_BlankOrDuplicateName_SaysWhatIsWrong()
    {
        var vm = new DatasetUploadViewModel(_catalog, new DatasetOptions()) { Name = "d" };
        vm.ChooseFile("d.csv", 10);
        await vm.PreviewAsync(Text("a,b\n1,2\n"), CancellationToken.None);

        vm.Columns[0].Name = " ";
        Assert.Equal("Give this column a name.", vm.ColumnError(vm.Columns[0]));
        vm.Columns[0].Name = "B";
        Assert.Equal("Another column is also named \"B\".", vm.ColumnError(vm.Columns[0]));
        Assert.False(vm.CanUpload);
        vm.Columns[0].Name = "age";
        Assert.True(vm.CanUpload);
        Assert.Equal(["age", "b"], vm.GivenNames);
    }

    [Fact]
    public async Task UploadAsync_SameContentAlreadyAVersionUnderOtherNames_SaysSoAndThatNamesWereNotApplied()
    {
        _catalog.Existing = Version("adult", 2, ["column_1", "column_2"]);
        var vm = new DatasetUploadViewModel(_catalog, new DatasetOptions()) { Name = "adult" };
        var bytes = Encoding.UTF8.GetBytes("39,x\n50,y\n");
        vm.ChooseFile("adult.data", bytes.Length);
        await vm.PreviewAsync(new MemoryStream(bytes), CancellationToken.None);
        vm.Columns[0].Name = "age";
        vm.Columns[1].Name = "workclass";

        var result = await vm.UploadAsync(_ => new MemoryStream(bytes), Alice, CancellationToken.None);

        Assert.NotNull(result);
        Assert.False(result.Created);
        Assert.True(result.NamesDiffer);
        Assert.StartsWith("This file is already adult v2, whose columns are named column_1, column_2.", result.Message, StringComparison.Ordinal);
        Assert.Contains("Your column names were not applied", result.Message, StringComparison.Ordinal);
        Assert.Equal("/datasets/adult/versions/2", result.Href);
        Assert.Equal(["age", "workclass"], _catalog.LastOptions?.ColumnNames);
        Assert.True(vm.CanRenameExisting);

        var renamed = await vm.RenameExistingAsync(Alice, CancellationToken.None);

        Assert.Equal(new Dictionary<string, string> { ["column_1"] = "age", ["column_2"] = "workclass" }, _catalog.LastRenames);
        Assert.Equal("Columns of adult v2 renamed; its profile is being recomputed.", renamed?.Message);
    }

    [Fact]
    public async Task UploadAsync_SameContentSameNames_SaysItIsAlreadyThatVersion()
    {
        _catalog.Existing = Version("adult", 2, ["a", "b"]);
        var vm = new DatasetUploadViewModel(_catalog, new DatasetOptions()) { Name = "adult" };
        vm.ChooseFile("adult.csv", 10);
        await vm.PreviewAsync(Text("a,b\n1,2\n"), CancellationToken.None);

        var result = await vm.UploadAsync(_ => Text("a,b\n1,2\n"), Alice, CancellationToken.None);

        Assert.Equal("This file is already adult v2: nothing new was created.", result?.Message);
        Assert.Null(_catalog.LastOptions?.ColumnNames);
    }

    [Fact]
    public async Task UploadAsync_NewContentWithCorrectedType_CreatesThenAppliesTheType()
    {
        var vm = new DatasetUploadViewModel(_catalog, new DatasetOptions()) { Name = "zips" };
        vm.ChooseFile("zips.csv", 10);
        await vm.PreviewAsync(Text("zip,n\n01234,1\n02345,2\n"), CancellationToken.None);
        vm.Columns[0].Type = ColumnType.Categorical;

        var result = await vm.UploadAsync(_ => Text("zip,n\n01234,1\n02345,2\n"), Alice, CancellationToken.None);

        Assert.True(result?.Created);
        Assert.Equal("zips v1 created with your column types.", result?.Message);
        Assert.Equal(ColumnType.Categorical, _catalog.LastTypes?["zip"]);
    }

    private static MemoryStream Text(string csv) => new(Encoding.UTF8.GetBytes(csv));

    private static DatasetVersionDetail Version(string name, int version, string[] columns) =>
        new(Guid.NewGuid(), name, version, "sha", "sha", 10, 2, [.. columns.Select(c => new ColumnSchema(c, ColumnType.Text))], [],
            new CsvFormat(",", false, 0, columns, []), "bob", DateTimeOffset.UnixEpoch, null, "ready", null);

    private sealed class FakeCatalog : IDatasetCatalog
    {
        public DatasetVersionDetail? Existing { get; set; }

        public CsvOptions? LastOptions { get; private set; }

        public IReadOnlyDictionary<string, ColumnType>? LastTypes { get; private set; }

        public Task<Result<UploadOutcome>> UploadAsync(string name, Stream content, CsvOptions options, Actor actor, CancellationToken cancellationToken)
        {
            LastOptions = options;
            return Task.FromResult<Result<UploadOutcome>>(Existing is { } e
                ? new UploadOutcome(e, Created: false)
                : new UploadOutcome(Version(name, 1, ["zip", "n"]), Created: true));
        }

        public Task<Result<DatasetVersionDetail>> UpdateSchemaAsync(string name, int version, IReadOnlyDictionary<string, ColumnType> types, Actor actor, CancellationToken cancellationToken)
        {
            LastTypes = types;
            return Task.FromResult<Result<DatasetVersionDetail>>(Version(name, version, ["zip", "n"]));
        }

        public Dictionary<string, string>? LastRenames { get; private set; }

        public Task<Result<DatasetVersionDetail>> RenameColumnsAsync(string name, int version, IReadOnlyDictionary<string, string> renames, Actor actor, CancellationToken cancellationToken)
        {
            LastRenames = new(renames);
            return Task.FromResult<Result<DatasetVersionDetail>>(Version(name, version, [.. renames.Values]));
        }

        public Task<Result<StoredArtifact>> StoreAsync(Stream content, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<Result<UploadOutcome>> RegisterAsync(string name, StoredArtifact stored, CsvOptions options, Actor actor, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<DatasetPage> ListAsync(string? search, int skip, int take, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<Result<IReadOnlyList<DatasetVersionSummary>>> ListVersionsAsync(string name, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<Result<DatasetVersionDetail>> GetVersionAsync(string name, int version, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<Result<PreviewTable>> PreviewAsync(string name, int version, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<Result<DatasetFile>> OpenFileAsync(string name, int version, CancellationToken cancellationToken) => throw new NotSupportedException();
    }
}
