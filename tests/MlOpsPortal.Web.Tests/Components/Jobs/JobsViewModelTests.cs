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

    [Fact]
    public async Task LoadAsync_LinkedJobNotOnThePage_OpensItsPanelAndFollowsItsUpdates()
    {
        var linked = Job("evaluation", JobStatus.Running);
        var queries = new FakeQueries([Job("training", JobStatus.Succeeded)], linked);
        var vm = new JobsViewModel(queries, null!);
        vm.ReadQuery(JobsViewModel.Link(linked.Id)[5..]);

        await vm.LoadAsync(CancellationToken.None);

        Assert.Equal(linked.Id, vm.Selected?.Id);
        var finished = linked with { Status = JobStatus.Succeeded, UpdatedAt = linked.UpdatedAt.AddSeconds(1) };
        Assert.Equal(JobsViewModel.Change.Updated, vm.Apply(finished));
        Assert.Equal(JobStatus.Succeeded, vm.Selected?.Status);
        Assert.Equal("/jobs", JobsViewModel.Link("not-a-job"));
    }

    private static JobDto Job(string kind, JobStatus status) =>
        new(Guid.NewGuid(), kind, status, 0, null, "ds", DateTimeOffset.UnixEpoch, null, null, DateTimeOffset.UnixEpoch,
            null, 1, false, null, null, null, JsonDocument.Parse("{}").RootElement, []);

    private sealed class FakeQueries(IReadOnlyList<JobDto> page, JobDto other) : IJobQueries
    {
        public Task<JobDto?> GetAsync(Guid id, CancellationToken cancellationToken) =>
            Task.FromResult(id == other.Id ? other : page.FirstOrDefault(j => j.Id == id));

        public Task<JobPage> ListAsync(JobListQuery query, CancellationToken cancellationToken) => Task.FromResult(new JobPage(page, page.Count));
    }
}
