using System.Collections.Concurrent;
using System.Diagnostics;
using MlOpsPortal.Engines.Features;
using MlOpsPortal.Engines.MlNet;
using MlOpsPortal.Engines.Tests.Features;
using Xunit;

namespace MlOpsPortal.Engines.Tests.MlNet;

/// <summary>One Adult task: the table without its label column, the fitted pipeline, encoded labels, and adult.test the same way.</summary>
public sealed record MlNetAdultTask(
    MlNetTask Task, LabeledTable Train, LabeledTable Test, FeaturePipeline Pipeline, ClassLabelMap? Classes, FeatureMatrix TrainFeatures, float[] TrainLabels, FeatureMatrix TestFeatures, float[] TestLabels);

/// <summary>
/// Adult for the ML.NET trainers, each model trained once and shared by the test classes of the collection. Binary
/// (income, positive &gt;50K) trains on all 32,561 rows with the documented defaults (the AUC tests need them); multiclass
/// (relationship, 6 classes) and regression (hours-per-week) train on the first 6,000 rows, which is enough for parity.
/// </summary>
public sealed class MlNetAdultFixture
{
    private const int SubsetRows = 6000;
    private readonly ConcurrentDictionary<(MlNetAlgorithm, MlNetTask), Lazy<(MlNetModel Model, double Seconds)>> _models = new();
    private readonly ConcurrentDictionary<MlNetTask, Lazy<MlNetAdultTask>> _tasks = new();

    public MlNetAdultTask Data(MlNetTask task) => _tasks.GetOrAdd(task, t => new Lazy<MlNetAdultTask>(() => Load(t))).Value;

    public MlNetModel Model(MlNetAlgorithm algorithm, MlNetTask task) => Trained(algorithm, task).Model;

    public double TrainingSeconds(MlNetAlgorithm algorithm, MlNetTask task) => Trained(algorithm, task).Seconds;

    private (MlNetModel Model, double Seconds) Trained(MlNetAlgorithm algorithm, MlNetTask task) =>
        _models.GetOrAdd((algorithm, task), key => new Lazy<(MlNetModel, double)>(() =>
        {
            var data = Data(key.Item2);
            var stopwatch = Stopwatch.StartNew();
            var model = MlNetTrainer.Train(data.TrainFeatures, data.TrainLabels, null, new MlNetTrainingOptions
            {
                Algorithm = key.Item1,
                Task = key.Item2,
                ClassCount = data.Classes?.ClassCount ?? 2,
                ThreadCount = 2,
            });
            return (model, stopwatch.Elapsed.TotalSeconds);
        })).Value;

    private static MlNetAdultTask Load(MlNetTask task)
    {
        var train = TabularTestData.LoadAdult(test: false);
        var test = TabularTestData.LoadAdult(test: true);
        if (task != MlNetTask.Binary)
        {
            var label = task == MlNetTask.Multiclass ? "relationship" : "hours-per-week";
            train = Relabel(train, label, SubsetRows);
            test = Relabel(test, label, test.Rows);
        }

        var pipeline = FeaturePipeline.Fit(train.Schema, train.Frame, new FeaturePipelineOptions { UnseenCategories = UnseenCategoryPolicy.TreatAsMissing });
        ClassLabelMap? classes = task switch
        {
            MlNetTask.Binary => ClassLabelMap.FitBinary(train.Labels, ">50K"),
            MlNetTask.Multiclass => ClassLabelMap.FitMulticlass(train.Labels),
            _ => null,
        };
        float[] Encode(LabeledTable t) => classes?.Encode(t.Labels) ?? t.Labels.Select(l => float.Parse(l!, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        return new MlNetAdultTask(task, train, test, pipeline, classes, pipeline.Transform(train.Frame), Encode(train), pipeline.Transform(test.Frame), Encode(test));
    }

    /// <summary>The table with <paramref name="label"/> as its label (the income column becomes a feature) and the first <paramref name="rows"/> rows.</summary>
    private static LabeledTable Relabel(LabeledTable table, string label, int rows)
    {
        var keep = Enumerable.Range(0, Math.Min(rows, table.Rows)).ToArray();
        var frame = table.Frame.SelectRows(keep);
        var labels = table.Schema.Columns.Single(c => c.Name == label).Kind == ColumnKind.Numeric
            ? frame.Numeric(label).Select(v => v.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray()
            : frame.Categorical(label);
        var columns = table.Schema.Columns.Where(c => c.Name != label).Append(new TabularColumn("income", ColumnKind.Categorical)).ToArray();
        var result = new TabularFrame(keep.Length);
        foreach (var column in columns)
        {
            if (column.Name == "income")
            {
                result.AddCategorical("income", keep.Select(r => table.Labels[r]).ToArray());
            }
            else if (column.Kind == ColumnKind.Numeric)
            {
                result.AddNumeric(column.Name, frame.Numeric(column.Name));
            }
            else
            {
                result.AddCategorical(column.Name, frame.Categorical(column.Name));
            }
        }

        return new LabeledTable(new TabularSchema(columns), result, labels!);
    }
}

[CollectionDefinition(Name)]
public sealed class MlNetAdultGroup : ICollectionFixture<MlNetAdultFixture>
{
    public const string Name = "ML.NET Adult models";
}
