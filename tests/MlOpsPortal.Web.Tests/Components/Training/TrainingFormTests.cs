using System.Text.Json;
using Bunit;
using MlOpsPortal.Application.Jobs;
using MlOpsPortal.Infrastructure.Training;
using Microsoft.Extensions.DependencyInjection;
using MlOpsPortal.Web.Components.Pages.Training;
using MlOpsPortal.Web.Components.Pickers;
using MlOpsPortal.Web.Tests.Components.Pickers;

namespace MlOpsPortal.Web.Tests.Components.Training;

public sealed class TrainingFormTests : MlOpsPortal.Web.Tests.Components.Tracking.AsyncPortalComponentTest
{
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    [Fact]
    public void Validate_EmptyForm_NamesEachMissingFieldInPlainWords()
    {
        var form = new TrainingFormViewModel { Experiment = " ", Rounds = 0, LearningRate = 2 };

        var errors = form.Validate();

        Assert.Equal("Name the experiment the run is logged to, e.g. adult.", errors[TrainingFormViewModel.Fields.Experiment]);
        Assert.Equal("Choose the dataset to train on.", errors[TrainingFormViewModel.Fields.TrainDataset]);
        Assert.Equal("Choose the column the model predicts.", errors[TrainingFormViewModel.Fields.Label]);
        Assert.Equal("Between 1 and 10,000 boosting rounds.", errors[TrainingFormViewModel.Fields.Rounds]);
        Assert.Contains("learning rate", errors[TrainingFormViewModel.Fields.LearningRate], StringComparison.Ordinal);
        Assert.DoesNotContain(errors.Values, m => m.Contains("trainDataset", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("'trainDataset' is required.", TrainingFormViewModel.Fields.TrainDataset)]
    [InlineData("The training dataset version adult@v9 does not exist.", TrainingFormViewModel.Fields.TrainDataset)]
    [InlineData("The label column 'salary' is not a column of adult-train@v1.", TrainingFormViewModel.Fields.Label)]
    [InlineData("Something else went wrong.", null)]
    public void FieldOf_ServiceRefusal_PlacesItUnderItsField(string message, string? field) =>
        Assert.Equal(field, TrainingFormViewModel.FieldOf(message));

    [Fact]
    public void Render_WithErrors_ShowsEachMessageUnderItsFieldAndOpensAdvanced()
    {
        var form = new TrainingFormViewModel { Validation = "holdout", Ratio = 1.5 };
        var errors = form.Validate();

        Services.AddSingleton<IPickerQueries>(new FakePickerQueries());
        var cut = Render<TrainingFormFields>(p => p.Add(c => c.Form, form).Add(c => c.Errors, errors));

        var datasetField = cut.Find("#train-dataset").Closest(".mud-input-control")!;
        Assert.Contains("Choose the dataset to train on.", datasetField.TextContent, StringComparison.Ordinal);
        var labelField = cut.Find("#train-label").Closest(".mud-input-control")!;
        Assert.Contains("Choose the column the model predicts.", labelField.TextContent, StringComparison.Ordinal);
        // The held-out share is in the folded Advanced section, which opens because it holds an error.
        var ratioField = cut.Find("#train-ratio").Closest(".mud-input-control")!;
        Assert.Contains("between 0 and 1", ratioField.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_NoErrors_ShowsDefaultsAsValues()
    {
        Services.AddSingleton<IPickerQueries>(new FakePickerQueries());
        var cut = Render<TrainingFormFields>(p => p.Add(c => c.Form, new TrainingFormViewModel()));

        Assert.Equal(TrainingSpec.Defaults.Rounds.ToString(System.Globalization.CultureInfo.InvariantCulture), cut.Find("#train-rounds").GetAttribute("value"));
        Assert.Equal("default", cut.Find("#train-experiment").GetAttribute("value"));
        Assert.Contains($"Default {TrainingSpec.Defaults.MaxDepth}", cut.Markup, StringComparison.Ordinal);
        Assert.Empty(cut.FindAll(".mud-input-error"));
    }

    [Fact]
    public void CloneFrom_TrainingJobParameters_FillsEveryFieldAndKeepsHiddenOptions()
    {
        var request = new TrainingJobRequest(
            "adult", new DatasetRef("adult-train", 3), "income", new DatasetRef("adult-test", 2), ">50K",
            Features: ["age", "hours_per_week"], Validation: new ValidationRequest("kfold", null, 7), Algorithm: "gblinear",
            Hyperparameters: new HyperparametersRequest(120, 4, 0.05, Subsample: 0.8), EarlyStoppingRounds: 0, Imbalance: "balancedWeights", Seed: 9, Threshold: 0.4);
        var job = Job("training", JsonSerializer.SerializeToElement(new TrainingJobParameters(request, "run-1"), Web));

        var form = new TrainingFormViewModel();
        form.CloneFrom(TrainingClone.TrainingRequest(job)!);

        Assert.Equal(("adult", "adult-train", 3, "adult-test", 2, "income", ">50K"), (form.Experiment, form.TrainName, form.TrainVersion, form.TestName, form.TestVersion, form.Label, form.PositiveClass));
        Assert.Equal(("kfold", 7, "gblinear", 120, 4, 0.05, 0, "balancedWeights", 9), (form.Validation, form.Folds, form.Algorithm, form.Rounds, form.MaxDepth, form.LearningRate, form.EarlyStoppingRounds, form.Imbalance, form.Seed));
        var again = form.ToRequest();
        Assert.Equal(["age", "hours_per_week"], again.Features);
        Assert.Equal(0.4, again.Threshold);
        Assert.Equal(0.8, again.Hyperparameters!.Subsample);
        Assert.Equal(new DatasetRef("adult-train", 3), again.TrainDataset);
    }

    [Fact]
    public void CloneFrom_SearchJob_FillsStrategyAndRowsFromItsTrials()
    {
        var training = new TrainingJobRequest("adult-hpo", new DatasetRef("adult-train", 1), "income");
        var plan = new HpoPlan("grid", "validation_roc_auc", true, 2,
            [new Dictionary<string, string> { ["maxDepth"] = "3", ["learningRate"] = "0.1" }, new Dictionary<string, string> { ["maxDepth"] = "6", ["learningRate"] = "0.1" }]);
        var job = Job(HpoService.Kind, JsonSerializer.SerializeToElement(new HpoJobParameters(training, plan, "parent"), Web));

        var form = new HpoFormViewModel();
        form.CloneFrom(TrainingClone.Search(job)!);

        Assert.Equal(("grid", "validation_roc_auc", "maximize", 2, "adult-hpo"), (form.Strategy, form.Metric, form.Direction, form.Parallelism, form.Training.Experiment));
        Assert.Equal([("maxDepth", "values", "3, 6"), ("learningRate", "values", "0.1")], form.Parameters.Select(p => (p.Name, p.Kind, p.Values)));
        Assert.Empty(form.Validate());
    }

    [Fact]
    public void TrainingRequest_JobWithoutTrainingParameters_IsNull() =>
        Assert.Null(TrainingClone.TrainingRequest(Job("profile", JsonSerializer.SerializeToElement(new { datasetVersionId = Guid.NewGuid() }))));

    private static JobDto Job(string kind, JsonElement parameters) => new(
        Guid.NewGuid(), kind, JobStatus.Succeeded, 100, null, "admin", DateTimeOffset.UnixEpoch, null, null, DateTimeOffset.UnixEpoch, null, 1, false, null, null, null, parameters, []);
}
