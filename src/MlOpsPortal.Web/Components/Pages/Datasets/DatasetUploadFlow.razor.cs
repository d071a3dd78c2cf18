using System.Globalization;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.Extensions.Options;
using MlOpsPortal.Application.Datasets;
using MlOpsPortal.Web.Auth;
using MudBlazor;
using static MlOpsPortal.Web.Components.Pages.Datasets.DatasetUploadViewModel;

namespace MlOpsPortal.Web.Components.Pages.Datasets;

/// <summary>The three-step upload (logic in <see cref="DatasetUploadViewModel"/>).</summary>
public sealed partial class DatasetUploadFlow : IDisposable
{
    private static readonly (UploadStep Step, string Title)[] StepTitles =
        [(UploadStep.File, "File"), (UploadStep.Preview, "Parse preview"), (UploadStep.Columns, "Names and types")];

    private readonly CancellationTokenSource _cts = new();
    private IBrowserFile? _file;

    [Inject]
    private IDatasetCatalog Catalog { get; set; } = null!;

    [Inject]
    private IOptions<DatasetOptions> Options { get; set; } = null!;

    [Inject]
    private MlOpsPortal.Application.Artifacts.IArtifactStore Artifacts { get; set; } = null!;

    [Inject]
    private AuthenticationStateProvider AuthState { get; set; } = null!;

    [Inject]
    private NavigationManager Nav { get; set; } = null!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = null!;

    /// <summary>Raised when the user closes the flow.</summary>
    [Parameter]
    public EventCallback Closed { get; set; }

    private DatasetUploadViewModel Vm { get; set; } = null!;

    public void Dispose()
    {
        _cts.Cancel();
        _cts.Dispose();
    }

    protected override void OnInitialized() => Vm = new DatasetUploadViewModel(Catalog, Options.Value);

    private static string FormatBytes(long bytes) => bytes switch
    {
        >= 1L << 30 => (bytes / (double)(1L << 30)).ToString("0.#", CultureInfo.InvariantCulture) + " GiB",
        >= 1L << 20 => (bytes / (double)(1L << 20)).ToString("0.#", CultureInfo.InvariantCulture) + " MiB",
        >= 1L << 10 => (bytes / (double)(1L << 10)).ToString("0.#", CultureInfo.InvariantCulture) + " KiB",
        _ => bytes.ToString(CultureInfo.InvariantCulture) + " bytes",
    };

    private void OnFileChosen(InputFileChangeEventArgs e)
    {
        _file = e.File;
        Vm.ChooseFile(e.File.Name, e.File.Size);
    }

    private async Task PreviewAsync()
    {
        if (_file is null)
        {
            return;
        }

        var file = _file;
        await Vm.StoreAndPreviewAsync(max => file.OpenReadStream(max, _cts.Token), Artifacts, _cts.Token);
    }

    private async Task UploadAsync()
    {
        if (_file is null)
        {
            return;
        }

        var user = (await AuthState.GetAuthenticationStateAsync()).User;
        var file = _file;
        var result = await Vm.UploadAsync(max => file.OpenReadStream(max, _cts.Token), CurrentActor.From(user), _cts.Token);
        if (result is { Created: true })
        {
            Snackbar.Add(result.Message, result.TypesRejected ? Severity.Warning : Severity.Success, o =>
            {
                o.Action = "Open";
                o.OnClick = _ =>
                {
                    Nav.NavigateTo(result.Href);
                    return Task.CompletedTask;
                };
            });
            Nav.NavigateTo(result.Href);
        }
    }

    private async Task RenameExistingAsync()
    {
        var user = (await AuthState.GetAuthenticationStateAsync()).User;
        if (await Vm.RenameExistingAsync(CurrentActor.From(user), _cts.Token) is { } result)
        {
            Snackbar.Add(result.Message, Severity.Success, o =>
            {
                o.Action = "Open";
                o.OnClick = _ =>
                {
                    Nav.NavigateTo(result.Href);
                    return Task.CompletedTask;
                };
            });
            Nav.NavigateTo(result.Href);
        }
    }

    private Task CloseAsync() => Closed.InvokeAsync();
}
