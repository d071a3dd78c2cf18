using MlOpsPortal.Web.Components.Pages.Fairness;

namespace MlOpsPortal.Web.Tests.Components.Fairness;

public sealed class FairnessFormModelTests
{
    [Fact]
    public void Validate_LabelAlsoSensitive_SaysItCannotBeBoth()
    {
        var model = Valid();
        model.SensitiveFeatures.Add("income");

        var problems = model.Validate();

        Assert.Equal("income is the outcome column; it cannot also be a sensitive feature.", problems[FairnessFormModel.FeaturesField]);
    }

    [Fact]
    public void Validate_PredictionColumnMode_NeedsTheColumnNotTheModel()
    {
        var model = Valid();
        model.ModelName = null;
        model.ModelVersion = null;
        model.UsePredictionColumn = true;

        Assert.Equal("Choose the column that holds the model's predictions.", model.Validate()[FairnessFormModel.PredictionField]);
        model.PredictionColumn = "predicted";
        Assert.Empty(model.Validate());
        var request = model.ToRequest();
        Assert.Null(request.Model);
        Assert.Equal("predicted", request.Prediction);
    }

    [Fact]
    public void ToRequest_ValidForm_IsWhatTheRestEndpointTakes()
    {
        var request = Valid().ToRequest();

        Assert.Equal("adult", request.Dataset!.Name);
        Assert.Equal(2, request.Dataset.Version);
        Assert.Equal(new MlOpsPortal.Application.Fairness.ModelVersionRef("churn", 3), request.Model);
        Assert.Equal("income", request.Label);
        Assert.Equal(">50K", request.PositiveLabel);
        Assert.Equal(["sex", "race"], request.SensitiveFeatures!.Select(f => f.Name));
        Assert.Equal(200, request.BootstrapResamples);
    }

    [Theory]
    [InlineData("positiveLabel", FairnessFormModel.PositiveField)]
    [InlineData("privilegedGroups", FairnessFormModel.FeaturesField)]
    [InlineData("score", FairnessFormModel.PredictionField)]
    [InlineData("dataset", FairnessFormModel.DatasetField)]
    public void FieldOf_ApiField_FormField(string api, string field) => Assert.Equal(field, FairnessFormModel.FieldOf(api));

    private static FairnessFormModel Valid()
    {
        var model = new FairnessFormModel { DatasetName = "adult", DatasetVersion = 2, ModelName = "churn", ModelVersion = 3, Label = "income", PositiveClass = ">50K" };
        model.SensitiveFeatures.AddRange(["sex", "race"]);
        return model;
    }
}
