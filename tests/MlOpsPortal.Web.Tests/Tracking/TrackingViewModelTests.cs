using System.Security.Claims;
using MlOpsPortal.Infrastructure.Tracking;
using MlOpsPortal.Web.Components.Pages.Tracking;

namespace MlOpsPortal.Web.Tests.Tracking;

public sealed class TrackingViewModelTests
{
    [Fact]
    public void BuildRows_ParamsThatDiffer_AreFlaggedAndMissingValuesShownEmpty()
    {
        RunDto[] runs = [Run("a", ("max_depth", "6"), ("eta", "0.1")), Run("b", ("max_depth", "8"), ("eta", "0.1")), Run("c", ("eta", "0.1"), ("seed", "1"))];

        var rows = CompareViewModel.BuildRows(runs, r => r.Params.ToDictionary(p => p.Key, p => p.Value));

        Assert.Equal(
            [
                new CompareRow("eta", ["0.1", "0.1", "0.1"], false),
                new CompareRow("max_depth", ["6", "8", ""], true),
                new CompareRow("seed", ["", "", "1"], true),
            ],
            rows,
            (x, y) => x.Key == y.Key && x.Differs == y.Differs && x.Values.SequenceEqual(y.Values));
    }

    [Fact]
    public void Toggle_ElevenRuns_KeepsTenAndEnablesCompareFromTwo()
    {
        var vm = new RunsTableViewModel(null!) { ExperimentId = "3" };
        vm.Toggle("r0");
        Assert.False(vm.CanCompare);
        for (var i = 1; i <= 10; i++)
        {
            vm.Toggle("r" + i);
        }

        Assert.Equal(10, vm.Selected.Count);
        Assert.True(vm.CanCompare);
        Assert.StartsWith("/experiments/3/compare?runs=r0,r1,", vm.CompareUrl, StringComparison.Ordinal);
    }

    [Fact]
    public void RequireWrite_ViewerOnly_ReturnsForbidden()
    {
        var viewer = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Role, "Viewer")], "test"));
        var scientist = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Role, "DataScientist")], "test"));

        Assert.Equal(Domain.Common.ErrorCode.Forbidden, TrackingAccess.RequireWrite(viewer)!.Code);
        Assert.Null(TrackingAccess.RequireWrite(scientist));
    }

    private static RunDto Run(string name, params (string Key, string Value)[] parameters) => new(
        new RunInfoDto(name, "1", name, "u", "FINISHED", 0, null, string.Empty, "active", null, "external"),
        [], parameters.Select(p => new KeyValue(p.Key, p.Value)).ToList(), [], []);
}
