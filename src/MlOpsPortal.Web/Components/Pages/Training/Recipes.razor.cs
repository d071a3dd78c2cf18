using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MlOpsPortal.Infrastructure.Recipes;
using MlOpsPortal.Web.Auth;
using MudBlazor;

namespace MlOpsPortal.Web.Components.Pages.Training;

/// <summary>
/// Recipes: create one (training fields, schedule by recurrence picker or raw cron, both in sync, with next fire times),
/// set a schedule, run now. Running firings are followed by <see cref="Shared.JobWatcher"/>s; the list re-reads when they change.
/// </summary>
public sealed partial class Recipes : IDisposable
{
    private readonly CancellationTokenSource _disposed = new();
    private readonly RecipeFormViewModel _form = new();
    private IReadOnlyList<RecipeDto> _recipes = [];
    private Dictionary<string, string?> _cron = [];
    private Dictionary<string, string> _errors = [];
    private Dictionary<string, string> _trainingErrors = [];
    private string? _error;
    private bool _canWrite;
    private DateTimeOffset _now;

    [Inject]
    private RecipeService RecipeService { get; set; } = null!;

    [Inject]
    private AuthenticationStateProvider AuthState { get; set; } = null!;

    [Inject]
    private TimeProvider Time { get; set; } = null!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = null!;

    public void Dispose()
    {
        _disposed.Cancel();
        _disposed.Dispose();
    }

    protected override async Task OnInitializedAsync()
    {
        _now = Time.GetUtcNow();
        var user = (await AuthState.GetAuthenticationStateAsync()).User;
        _canWrite = user.IsInRole(Domain.Identity.Roles.Admin) || user.IsInRole(Domain.Identity.Roles.DataScientist);
        await LoadAsync();
    }

    private async Task LoadAsync()
    {
        _now = Time.GetUtcNow();
        _recipes = await RecipeService.ListAsync(_disposed.Token);
        foreach (var r in _recipes)
        {
            _cron.TryAdd(r.Name, r.Cron);
        }
    }

    private async Task ReloadAsync()
    {
        await LoadAsync();
        StateHasChanged();
    }

    private async Task CreateAsync()
    {
        _error = null;
        _errors = _form.Validate(Time.GetUtcNow());
        _trainingErrors = _form.Training.Validate();
        // The recipe's own messages for dataset and label sit under the training fields.
        foreach (var (key, field) in new[] { ("recipe-dataset", TrainingFormViewModel.Fields.TrainDataset), ("recipe-label", TrainingFormViewModel.Fields.Label) })
        {
            if (_errors.Remove(key, out var message))
            {
                _trainingErrors[field] = message;
            }
        }

        if (_errors.Count > 0 || _trainingErrors.Count > 0)
        {
            return;
        }

        var user = (await AuthState.GetAuthenticationStateAsync()).User;
        var result = await RecipeService.CreateAsync(_form.ToRequest(), CurrentActor.From(user), _disposed.Token);
        _error = result.Error?.Message;
        if (result.IsSuccess)
        {
            Snackbar.Add($"Recipe {_form.Name.Trim()} created", Severity.Success);
        }

        await LoadAsync();
    }

    private async Task ScheduleAsync(string name)
    {
        var user = (await AuthState.GetAuthenticationStateAsync()).User;
        var result = await RecipeService.SetScheduleAsync(name, new ScheduleRequest(_cron.GetValueOrDefault(name)), CurrentActor.From(user), _disposed.Token);
        _error = result.Error?.Message;
        if (result.IsSuccess)
        {
            Snackbar.Add($"Schedule of {name} saved", Severity.Success);
        }

        await LoadAsync();
    }

    private async Task RunAsync(string name)
    {
        var user = (await AuthState.GetAuthenticationStateAsync()).User;
        var result = await RecipeService.RunNowAsync(name, CurrentActor.From(user), _disposed.Token);
        _error = result.Error?.Message;
        if (result.IsSuccess)
        {
            Snackbar.Add($"Recipe {name} fired: training on its newest data", Severity.Info);
        }

        await LoadAsync();
    }
}
