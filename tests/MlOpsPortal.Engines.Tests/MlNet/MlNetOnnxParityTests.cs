using MlOpsPortal.Engines.Export;
using MlOpsPortal.Engines.MlNet;
using MlOpsPortal.Engines.Packaging;
using MlOpsPortal.Engines.Tests.Export;
using MlOpsPortal.Engines.Tests.Features;
using Xunit;
using Xunit.Abstractions;

namespace MlOpsPortal.Engines.Tests.MlNet;

[Collection(MlNetAdultGroup.Name)]
public sealed class MlNetOnnxParityTests(MlNetAdultFixture adult, ITestOutputHelper output)
{
    public static TheoryData<MlNetAlgorithm, MlNetTask> EveryTrainer()
    {
        var data = new TheoryData<MlNetAlgorithm, MlNetTask>();
        foreach (var task in Enum.GetValues<MlNetTask>())
        {
            foreach (var algorithm in Enum.GetValues<MlNetAlgorithm>().Where(a => MlNetTrainingOptions.TrainerName(a, task) is not null))
            {
                data.Add(algorithm, task);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(EveryTrainer))]
    public void Package_AdultTestRawColumnsThroughOnnxRuntime_MatchesMlNetWithin1e5(MlNetAlgorithm algorithm, MlNetTask task)
    {
        var data = adult.Data(task);
        var model = adult.Model(algorithm, task);
        var package = new ModelPackageBuilder(TimeProvider.System).Build(data.Pipeline, model, data.Classes, new PackageProvenance("run-1", "adult@1"));
        var expected = model.PredictValues(data.TestFeatures);

        // ORT gets only model.onnx and the raw strings/numbers of adult.test, like every other package.
        using var session = OnnxTestRunner.Open(package.Onnx);
        var outputs = OnnxTestRunner.Run(session, data.Test.Schema, data.Test.Frame);
        float diff;
        switch (task)
        {
            case MlNetTask.Regression:
                // A regression output is not a probability: its difference is measured relative to the value (hours per
                // week ≈ 40; float32 sums of 100 trees in a different order differ in the 7th digit).
                var values = outputs[OnnxExporter.RegressionOutput].AsFloats().ToArray();
                diff = Enumerable.Range(0, values.Length).Max(r => Math.Abs(values[r] - expected[r]) / Math.Max(1f, Math.Abs(expected[r])));
                break;
            case MlNetTask.Binary:
                var probabilities = outputs[OnnxExporter.ProbabilitiesOutput].AsFloats().ToArray();
                Assert.Equal([data.Test.Rows, 2L], outputs[OnnxExporter.ProbabilitiesOutput].Shape);
                diff = Math.Max(
                    OnnxTestRunner.MaxAbsDifference(Enumerable.Range(0, data.Test.Rows).Select(r => probabilities[(2 * r) + 1]).ToArray(), expected),
                    OnnxTestRunner.MaxAbsDifference(Enumerable.Range(0, data.Test.Rows).Select(r => probabilities[2 * r]).ToArray(), expected.Select(p => 1 - p).ToArray()));
                AssertLabelsAreArgMax(outputs[OnnxExporter.LabelOutput].AsInt64s().ToArray(), probabilities, 2);
                break;
            default:
                var k = data.Classes!.ClassCount;
                var multi = outputs[OnnxExporter.ProbabilitiesOutput].AsFloats().ToArray();
                Assert.Equal([data.Test.Rows, (long)k], outputs[OnnxExporter.ProbabilitiesOutput].Shape);
                diff = OnnxTestRunner.MaxAbsDifference(multi, expected);
                var worst = Enumerable.Range(0, multi.Length).MaxBy(i => Math.Abs(multi[i] - expected[i])) / k;
                output.WriteLine($"worst row {worst}: ONNX [{string.Join(", ", multi.AsSpan(worst * k, k).ToArray())}] ML.NET [{string.Join(", ", expected.AsSpan(worst * k, k).ToArray())}]");
                AssertLabelsAreArgMax(outputs[OnnxExporter.LabelOutput].AsInt64s().ToArray(), multi, k);
                break;
        }

        output.WriteLine($"{algorithm} {task}: max |ONNX - ML.NET| = {diff:E2} over {data.Test.Rows} rows (trained in {adult.TrainingSeconds(algorithm, task):F2} s)");
        // Known gap (docs/adr/0011-mlnet-trainers.md): ML.NET's ONNX export of LightGbm's multiclass (one-versus-all softmax)
        // differs from ML.NET's own predictor by up to 8.4e-5 on adult.test (a near-zero class probability comes out as 0);
        // every other trainer and task meets 1e-5.
        var tolerance = (algorithm, task) == (MlNetAlgorithm.LightGbm, MlNetTask.Multiclass) ? 1e-4f : 1e-5f;
        Assert.True(diff <= tolerance, $"max difference {diff}");
        Assert.Equal(data.Test.Schema.Columns.Select(c => c.Name), session.Inputs.Select(i => i.Name));
        Assert.Equal(package.Signature.Inputs.Select(i => i.Name), session.Inputs.Select(i => i.Name));
    }

    [Theory]
    [InlineData(MlNetAlgorithm.LightGbm)]
    [InlineData(MlNetAlgorithm.FastTree)]
    public void Train_AdultWithDocumentedDefaults_RocAucAtLeast0925(MlNetAlgorithm algorithm)
    {
        var data = adult.Data(MlNetTask.Binary);
        var scores = adult.Model(algorithm, MlNetTask.Binary).PredictValues(data.TestFeatures);

        var auc = TabularTestData.RocAuc(scores, data.TestLabels);

        output.WriteLine($"{algorithm}: adult.test ROC AUC {auc:F4}, trained in {adult.TrainingSeconds(algorithm, MlNetTask.Binary):F2} s");
        Assert.True(auc >= 0.925, $"ROC AUC {auc:F4}");
    }

    [Fact]
    public async Task Package_ZipRoundTrip_KeepsTheMlNetModelAndItsPredictions()
    {
        var data = adult.Data(MlNetTask.Binary);
        var model = adult.Model(MlNetAlgorithm.Lbfgs, MlNetTask.Binary);
        var package = new ModelPackageBuilder(TimeProvider.System).Build(data.Pipeline, model, data.Classes, new PackageProvenance("run-1", "adult@1"));

        using var zip = new MemoryStream(ModelPackageStore.ToZip(package));
        var read = await ModelPackageStore.ReadZipAsync(zip);
        var loaded = ModelPackageBuilder.LoadMlNet(read);

        Assert.NotNull(loaded);
        Assert.Null(read.NativeModel);
        Assert.Equal("LbfgsLogisticRegression", read.Metadata.Properties![ModelPackageBuilder.MlNetTrainerProperty]);
        Assert.Equal(ModelTask.BinaryClassification, read.Signature.Task);
        Assert.Equal([">50K"], [read.Signature.PositiveClass!]);
        Assert.Equal(model.PredictValues(data.TestFeatures), loaded.PredictValues(data.TestFeatures));
    }

    private static void AssertLabelsAreArgMax(long[] labels, float[] probabilities, int k)
    {
        for (var r = 0; r < labels.Length; r++)
        {
            var row = probabilities.AsSpan(r * k, k);
            Assert.Equal(row[(int)labels[r]], row.ToArray().Max());
        }
    }
}
