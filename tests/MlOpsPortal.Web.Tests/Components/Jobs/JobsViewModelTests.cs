using System.Text.Json;
using MlOpsPortal.Application.Jobs;
using MlOpsPortal.Web.Components.Pages.Jobs;

namespace MlOpsPortal.Web.Tests.Components.Jobs;

public sealed class JobsViewModelTests
{
    [Fact]
    public void ReadQuery_Address_RestoresFilterSortPageAndOpenJob()
    {
        var id = Guid.NewGuid();
        var vm = new JobsViewModel(null!, null!);

        vm.ReadQuery($"?status=failed&kind=training&sort=Kind&desc=0&page=3&job={id}");

        Assert.Equal((JobStatus.Failed, "training", "Kind", false, 100, id), (vm.Status, vm.Kind, vm.Sort, vm.Descending, vm.Skip, vm.Expanded));
        Assert.Equal($"/jobs?status=Failed&kind=training&sort=Kind&desc=0&page=3&job={id}", vm.ToUri());
    }

    [Fact]
    public void ReadQuery_Nonsense_FallsBackToNewestFirst()
    {
        var vm = new JobsViewModel(null!, null!);

        vm.ReadQuery("?status=exploded&sort=DROP&page=x");

        Assert.Equal((null, "CreatedAt", true, 0), (vm.Status, vm.Sort, vm.Descending, vm.Skip));
        Assert.Equal("/jobs", vm.ToUri());
    }

    [Theory]
    [InlineData("training", "/training/new?cloneJob=")]
    [InlineData("hpo", "/training/hpo?cloneJob=")]
    [InlineData("dataset-profile", null)]
    public void CloneHref_Kind_OpensTheFormThatReadsTheJob(string kind, string? prefix)
    {
        var job = new JobDto(Guid.NewGuid(), kind, JobStatus.Succeeded, 100, null, "ds", DateTimeOffset.UnixEpoch, null, null, DateTimeOffset.UnixEpoch,
            null, 1, false, null, null, null, JsonDocument.Parse("{}").RootElement, []);

        Assert.Equal(prefix is null ? null : prefix + job.Id, JobsViewModel.CloneHref(job));
    }
}
