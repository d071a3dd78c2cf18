using MlOpsPortal.Infrastructure.Training;
using MlOpsPortal.Web.Components.Pages.Training;

namespace MlOpsPortal.Web.Tests.Components.Training;

/// <summary>The Train form's algorithm choice: every engine's algorithms, and only the fields the chosen one takes.</summary>
public sealed class TrainingFormAlgorithmTests
{
    [Fact]
    public void AlgorithmChoices_OfferXGBoostAndEveryMlNetFamily()
    {
        Assert.Equal(["gbtree", "gblinear", "lightgbm", "fasttree", "fastforest", "sdca", "lbfgs"], TrainingFormViewModel.AlgorithmChoices);
    }

    [Fact]
    public void ToRequest_LightGbmChosen_DefaultsFollowTheAlgorithmAndNoTreeDepthIsSent()
    {
        var form = new TrainingFormViewModel { TrainName = "adult-train", Label = "income" };

        form.Algorithm = "lightgbm";
        var request = form.ToRequest();

        Assert.Equal((100, 0.1), (form.Rounds, form.LearningRate));
        Assert.Equal("lightgbm", request.Algorithm);
        Assert.Equal(new HyperparametersRequest(Rounds: 100, LearningRate: 0.1), request.Hyperparameters);
        Assert.True(request.ToSpec().IsSuccess);
        Assert.False(form.TakesMaxDepth);
    }

    [Fact]
    public void ToRequest_FastTreeThenSdca_LearningRateDefaultFollowsAndLinearSendsNoTreeFields()
    {
        var form = new TrainingFormViewModel { TrainName = "adult-train", Label = "income" };

        form.Algorithm = "fasttree";
        Assert.Equal(0.2, form.LearningRate);
        form.Algorithm = "sdca";
        form.MaxDepth = 0; // hidden for a linear trainer: neither validated nor sent
        var request = form.ToRequest();

        Assert.Empty(form.Validate());
        Assert.Equal(new HyperparametersRequest(), request.Hyperparameters);
        Assert.True(request.ToSpec().IsSuccess, request.ToSpec().Error?.Message);
    }

    [Fact]
    public void CloneFrom_MlNetRequest_KeepsItsAlgorithmAndValues()
    {
        var form = new TrainingFormViewModel();

        form.CloneFrom(new TrainingJobRequest("adult", new DatasetRef("adult-train", 1), "income", Algorithm: "LbfgsLogisticRegression"));

        Assert.Equal("lbfgs", form.Algorithm);
        Assert.False(form.TakesRounds);
    }
}
