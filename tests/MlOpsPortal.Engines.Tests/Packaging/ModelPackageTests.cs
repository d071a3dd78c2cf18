using System.Text.Json;
using MlOpsPortal.Engines.Features;
using MlOpsPortal.Engines.Packaging;
using MlOpsPortal.Engines.Tests.Export;
using MlOpsPortal.Engines.Tests.Features;
using MlOpsPortal.Engines.XGBoost;
using Xunit;

namespace MlOpsPortal.Engines.Tests.Packaging;

public sealed class ModelPackageTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 8, 0, 0, TimeSpan.Zero);
    private readonly string _root = Path.Combine(Path.GetTempPath(), "mlops-pkg-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    [Fact]
    public async Task ReadAsync_WrittenDirectory_RoundTripsAndScoresLikeTheNativeModel()
    {
        var (package, table, model) = BuildGermanPackage();
        using (model)
        {
            var directory = Path.Combine(_root, "german");
            await ModelPackageStore.WriteDirectoryAsync(package, directory);

            var loaded = await ModelPackageStore.ReadAsync(directory);

            Assert.Equal(
                ["manifest.json", "metadata.json", "model.onnx", "model.xgb.json", "pipeline.json", "signature.json"],
                Directory.EnumerateFiles(directory).Select(Path.GetFileName).Order(StringComparer.Ordinal));
            Assert.Equal(package.ContentHash, loaded.ContentHash);
            Assert.Equal(ModelTask.BinaryClassification, loaded.Signature.Task);
            Assert.Equal(["1", "2"], loaded.Signature.ClassLabels);
            Assert.Equal("2", loaded.Signature.PositiveClass);
            Assert.Contains(loaded.Signature.Inputs, i => i is { Name: "purpose", ElementType: "string", Kind: "categorical" } && i.KnownCategories!.Contains("A43"));
            Assert.Contains(loaded.Signature.Inputs, i => i is { Name: "age", ElementType: "float", Kind: "numeric" });
            Assert.Equal(Now, loaded.Metadata.CreatedAt);
            Assert.Equal("run-42", loaded.Metadata.TrainingRunId);
            Assert.Equal("german-credit@v1", loaded.Metadata.DatasetVersion);
            Assert.Equal("1.7.4", loaded.Metadata.EngineVersions["xgboost"]);

            using var reloaded = XGBoostModel.Load(loaded.NativeModel!, loaded.Pipeline!.FeatureNames, threadCount: 2);
            using var session = OnnxTestRunner.Open(loaded.Onnx);
            var onnx = OnnxTestRunner.Run(session, table.Schema, table.Frame)["probabilities"].AsFloats();
            var native = reloaded.PredictProbabilities(loaded.Pipeline.Transform(table.Frame));
            Assert.True(OnnxTestRunner.MaxAbsDifference(onnx, native) <= 1e-5f);
        }
    }

    [Fact]
    public async Task ReadAsync_TamperedOnnxFile_ThrowsHashMismatchNamingTheFile()
    {
        var (package, _, model) = BuildGermanPackage();
        using (model)
        {
            var directory = Path.Combine(_root, "tampered");
            await ModelPackageStore.WriteDirectoryAsync(package, directory);
            var onnxPath = Path.Combine(directory, "model.onnx");
            var bytes = await File.ReadAllBytesAsync(onnxPath);
            bytes[^10] ^= 0xFF;
            await File.WriteAllBytesAsync(onnxPath, bytes);

            var error = await Assert.ThrowsAsync<ModelPackageException>(() => ModelPackageStore.ReadAsync(directory));

            Assert.Equal(ModelPackageErrorKind.HashMismatch, error.Kind);
            Assert.Equal("model.onnx", error.File);
            Assert.Contains("modified or corrupted", error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task ReadAsync_MissingOrExtraFile_ThrowsSpecificErrors()
    {
        var (package, _, model) = BuildGermanPackage();
        using (model)
        {
            var missing = Path.Combine(_root, "missing");
            await ModelPackageStore.WriteDirectoryAsync(package, missing);
            File.Delete(Path.Combine(missing, "pipeline.json"));
            var extra = Path.Combine(_root, "extra");
            await ModelPackageStore.WriteDirectoryAsync(package, extra);
            await File.WriteAllTextAsync(Path.Combine(extra, "evil.py"), "print('hi')");

            var missingError = await Assert.ThrowsAsync<ModelPackageException>(() => ModelPackageStore.ReadAsync(missing));
            var extraError = await Assert.ThrowsAsync<ModelPackageException>(() => ModelPackageStore.ReadAsync(extra));
            var nowhere = await Assert.ThrowsAsync<ModelPackageException>(() => ModelPackageStore.ReadAsync(Path.Combine(_root, "nope")));

            Assert.Equal((ModelPackageErrorKind.MissingFile, "pipeline.json"), (missingError.Kind, missingError.File));
            Assert.Equal((ModelPackageErrorKind.UnlistedFile, "evil.py"), (extraError.Kind, extraError.File));
            Assert.Equal(ModelPackageErrorKind.NotFound, nowhere.Kind);
        }
    }

    [Fact]
    public async Task ToZip_InMemory_ReadsBackAsTheSamePackageAsTheStreamedZip()
    {
        var (package, _, model) = BuildGermanPackage();
        using (model)
        {
            using var streamed = new MemoryStream();
            await ModelPackageStore.WriteZipAsync(package, streamed);
            using var inMemory = new MemoryStream(ModelPackageStore.ToZip(package));

            var fromMemory = await ModelPackageStore.ReadZipAsync(inMemory);
            streamed.Position = 0;
            var fromStream = await ModelPackageStore.ReadZipAsync(streamed);

            Assert.Equal(package.ContentHash, fromMemory.ContentHash);
            Assert.Equal(fromStream.ContentHash, fromMemory.ContentHash);
            Assert.Equal(package.NativeModel, fromMemory.NativeModel);
            Assert.Equal(package.Pipeline!.ToJson(), fromMemory.Pipeline!.ToJson());
        }
    }

    [Fact]
    public async Task ReadZipAsync_WrittenZip_RoundTripsAndDetectsTampering()
    {
        var (package, _, model) = BuildGermanPackage();
        using (model)
        {
            using var zip = new MemoryStream();
            await ModelPackageStore.WriteZipAsync(package, zip);
            zip.Position = 0;

            var loaded = await ModelPackageStore.ReadZipAsync(zip);

            Assert.Equal(package.Onnx, loaded.Onnx);
            Assert.Equal(package.ContentHash, loaded.ContentHash);

            using var tampered = new MemoryStream();
            using (var archive = new System.IO.Compression.ZipArchive(tampered, System.IO.Compression.ZipArchiveMode.Create, leaveOpen: true))
            {
                zip.Position = 0;
                using var source = new System.IO.Compression.ZipArchive(zip, System.IO.Compression.ZipArchiveMode.Read, leaveOpen: true);
                foreach (var entry in source.Entries)
                {
                    using var buffer = new MemoryStream();
                    await using (var input = entry.Open())
                    {
                        await input.CopyToAsync(buffer);
                    }

                    var bytes = buffer.ToArray();
                    if (entry.FullName == "signature.json")
                    {
                        bytes = System.Text.Encoding.UTF8.GetBytes(System.Text.Encoding.UTF8.GetString(bytes).Replace("\"2\"", "\"1\"", StringComparison.Ordinal));
                    }

                    await using var output = archive.CreateEntry(entry.FullName).Open();
                    await output.WriteAsync(bytes);
                }
            }

            tampered.Position = 0;
            var error = await Assert.ThrowsAsync<ModelPackageException>(() => ModelPackageStore.ReadZipAsync(tampered));
            Assert.Equal(ModelPackageErrorKind.HashMismatch, error.Kind);
            Assert.Equal("signature.json", error.File);
        }
    }

    [Fact]
    public void Build_RegressionModel_HasVariableOutputAndNoClassLabels()
    {
        var (train, target) = TabularTestData.Synthetic(300, 1, multiclass: false);
        var pipeline = FeaturePipeline.Fit(train.Schema, train.Frame);
        using var model = new XGBoostTrainer(2).Train(new XGBoostDataset(pipeline.Transform(train.Frame), target), new XGBoostTrainingOptions { Objective = XGBoostObjective.RegSquaredError, Rounds = 10 });

        var package = new ModelPackageBuilder(new FixedTime(Now)).Build(pipeline, model, null, new PackageProvenance(null, null));

        Assert.Equal(ModelTask.Regression, package.Signature.Task);
        Assert.Null(package.Signature.ClassLabels);
        Assert.Equal("variable", Assert.Single(package.Signature.Outputs).Name);
        var json = JsonSerializer.Serialize(package.Signature);
        Assert.Contains("\"regression\"", json.ToLowerInvariant(), StringComparison.Ordinal);
    }

    private static (ModelPackage Package, LabeledTable Table, XGBoostModel Model) BuildGermanPackage()
    {
        var table = TabularTestData.LoadGermanCredit();
        var pipeline = FeaturePipeline.Fit(table.Schema, table.Frame);
        var labels = ClassLabelMap.FitBinary(table.Labels, positiveClass: "2");
        var model = new XGBoostTrainer(2).Train(new XGBoostDataset(pipeline.Transform(table.Frame), labels.Encode(table.Labels)), new XGBoostTrainingOptions { Rounds = 30 });
        var package = new ModelPackageBuilder(new FixedTime(Now)).Build(pipeline, model, labels, new PackageProvenance("run-42", "german-credit@v1"));
        return (package, table, model);
    }

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
