using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MlOpsPortal.Application.Datasets;
using MlOpsPortal.Application.Jobs;
using MlOpsPortal.Domain.Identity;

namespace MlOpsPortal.Web.Components.Pages.Datasets;

/// <summary>The version page: summary, profile, preview and schema tabs; logic in <see cref="DatasetVersionViewModel"/>; the profile job followed by <see cref="Shared.JobWatcher"/>.</summary>
public sealed partial class DatasetVersion : IDisposable
{
    private readonly CancellationTokenSource _disposed = new();
    private DatasetVersionViewModel _vm = null!;
    private bool _canWrite;
    private bool _personalDataReader;
    private int _tab;

    [Parameter]
    public string Name { get; set; } = string.Empty;

    [Parameter]
    public int Version { get; set; }

    /// <summary><c>?tab=quality</c> (the DataQuality gate links there) or <c>?tab=label-issues</c> opens that tab.</summary>
    [SupplyParameterFromQuery(Name = "tab")]
    public string? Tab { get; set; }

    [Inject]
    private IDatasetCatalog Catalog { get; set; } = null!;

    [Inject]
    private IJobQueries Jobs { get; set; } = null!;

    [Inject]
    private AuthenticationStateProvider AuthState { get; set; } = null!;

    public void Dispose()
    {
        _disposed.Cancel();
        _disposed.Dispose();
    }

    protected override async Task OnParametersSetAsync()
    {
        _vm = new DatasetVersionViewModel(Catalog);
        var user = (await AuthState.GetAuthenticationStateAsync()).User;
        _canWrite = user.IsInRole(Roles.DataScientist) || user.IsInRole(Roles.Admin);
        _tab = Tab switch { "quality" => 4, "label-issues" => 5, _ => _tab };
        await _vm.LoadAsync(Name, Version, Jobs, _disposed.Token);
        _personalDataReader = user.IsInRole(Roles.PersonalDataReader);
        RedactUnlessReader();
    }

    private async Task OnJobChangedAsync(JobDto job)
    {
        await _vm.OnJobChangedAsync(job, _disposed.Token);
        RedactUnlessReader();
    }

    /// <summary>Personal-data columns (found by the profile) are shown redacted unless the user holds PersonalDataReader.</summary>
    private void RedactUnlessReader()
    {
        if (!_personalDataReader)
        {
            _vm.RedactPersonalData();
        }
    }

    private void OnSchemaSaved() => StateHasChanged();
}
