using System.Text.Json;
using MlOpsPortal.Engines.MlNet;
using MlOpsPortal.Infrastructure.Training;

namespace MlOpsPortal.Infrastructure.Tests.Training;

/// <summary>A hyperparameter search across algorithms, each with its own space (no data needed: plans and requests only).</summary>
public sealed class AlgorithmSearchTests
{
    private static readonly TrainingJobRequest Base = new(
        "adult", new DatasetRef("adult-train", 1), "income", PositiveClass: ">50K", Hyperparameters: new HyperparametersRequest(MaxDepth: 5, Rounds: 50));

    [Fact]
    public void Plan_AlgorithmSearchedWithScopedSpaces_EachTrialKeepsOnlyWhatItsAlgorithmTakes()
    {
        var search = new SearchRequest(Trials: 30, Parameters: new Dictionary<string, SearchParameterRequest>
        {
            ["algorithm"] = new(Values: [Json("gbtree"), Json("lightgbm"), Json("lbfgs")]),
            ["gbtree.maxDepth"] = new(IntRange: [3, 6]),
            ["lightgbm.numberOfLeaves"] = new(IntRange: [8, 32]),
            ["learningRate"] = new(LogUniform: [0.05, 0.3]),
            ["lbfgs.l2Regularization"] = new(Uniform: [0.1, 2]),
        });

        var plan = HyperparameterSearch.Plan(Base, search);

        Assert.True(plan.IsSuccess, plan.Error?.Message);
        Assert.Equal(["gbtree", "lbfgs", "lightgbm"], plan.Value.Trials.Select(t => t["algorithm"]).Distinct().Order(StringComparer.Ordinal));
        foreach (var trial in plan.Value.Trials)
        {
            var spec = HyperparameterSearch.Apply(Base, trial).ToSpec();
            Assert.True(spec.IsSuccess, $"{string.Join(", ", trial)}: {spec.Error?.Message}");
            switch (trial["algorithm"])
            {
                case "gbtree":
                    Assert.Equal(["algorithm", "gbtree.maxDepth", "learningRate"], trial.Keys.Order(StringComparer.Ordinal));
                    Assert.Null(spec.Value.MlNet);
                    Assert.InRange(spec.Value.MaxDepth, 3, 6);
                    break;
                case "lightgbm":
                    Assert.Equal(["algorithm", "learningRate", "lightgbm.numberOfLeaves"], trial.Keys.Order(StringComparer.Ordinal));
                    Assert.Equal(MlNetAlgorithm.LightGbm, spec.Value.MlNet!.Algorithm);
                    Assert.InRange(spec.Value.MlNet.NumberOfLeaves!.Value, 8, 32);
                    Assert.Equal(50, spec.Value.MlNet.NumberOfTrees); // the base's rounds apply; its maxDepth is dropped
                    break;
                default:
                    Assert.Equal(["algorithm", "lbfgs.l2Regularization"], trial.Keys.Order(StringComparer.Ordinal));
                    Assert.Equal(MlNetAlgorithm.Lbfgs, spec.Value.MlNet!.Algorithm);
                    Assert.InRange(spec.Value.MlNet.L2Regularization!.Value, 0.1f, 2f);
                    break;
            }
        }
    }

    [Theory]
    [InlineData("lightgbm.maxDepth", "'lightgbm.maxDepth' is not a searchable hyperparameter")]
    [InlineData("catboost.depth", "'catboost.depth' is not a searchable hyperparameter")]
    public void Plan_ScopedNameTheAlgorithmDoesNotTake_RefusedNamingIt(string name, string reason)
    {
        var search = new SearchRequest(Parameters: new Dictionary<string, SearchParameterRequest> { [name] = new(IntRange: [2, 4]) });

        var plan = HyperparameterSearch.Plan(Base, search);

        Assert.False(plan.IsSuccess);
        Assert.Contains(reason, plan.Error!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Plan_AlgorithmValueUnknown_RefusedNamingTheField()
    {
        var search = new SearchRequest(Parameters: new Dictionary<string, SearchParameterRequest> { ["algorithm"] = new(Values: [Json("gbtree"), Json("catboost")]) });

        var plan = HyperparameterSearch.Plan(Base, search);

        Assert.False(plan.IsSuccess);
        Assert.Contains("'search.parameters.algorithm' needs 'values' from gbtree, gblinear, lightgbm", plan.Error!.Message, StringComparison.Ordinal);
    }

    private static JsonElement Json(string value) => JsonSerializer.SerializeToElement(value);
}
