using Microsoft.AspNetCore.Components;
using MlOpsPortal.Domain.Registry;
using MlOpsPortal.Infrastructure.Registry;
using MlOpsPortal.Web.Components.Pickers;
using MudBlazor;

namespace MlOpsPortal.Web.Components.Pages.Registry;

public partial class PolicyEditor : IDisposable
{
    private readonly CancellationTokenSource _cts = new();
    private PolicyEditorModel _form = new();
    private IReadOnlyDictionary<string, string> _problems = new Dictionary<string, string>();
    private PromotionPolicy? _loaded;
    private DatasetVersionRef? _fairnessRef;
    private string? _error;
    private bool _busy;
    private bool _saved;
    private bool _reload;

    [Parameter, EditorRequired]
    public string Model { get; set; } = string.Empty;

    [Parameter, EditorRequired]
    public PromotionPolicy Policy { get; set; } = PromotionPolicy.Default;

    [Parameter, EditorRequired]
    public RegistryCaller Caller { get; set; } = null!;

    [Parameter]
    public EventCallback Saved { get; set; }

    private const string FairnessHelp = "The gate reads this dataset's newest fairness report of the version (any version of the dataset); the version chosen here lists its columns";

    public void Dispose()
    {
        _cts.Cancel();
        _cts.Dispose();
        GC.SuppressFinalize(this);
    }

    protected override async Task OnParametersSetAsync()
    {
        // Take the stored policy on first render and after a save; never overwrite edits in progress on a live refresh.
        if (_loaded is not null && !_reload)
        {
            return;
        }

        _reload = false;
        _loaded = Policy;
        _form = PolicyEditorModel.From(Policy);
        _fairnessRef = null;
        if (Policy.FairnessDataset is { } name)
        {
            var options = await PickerQueries.SearchDatasetVersionsAsync(name, _cts.Token);
            _fairnessRef = options.Where(o => o.Ref.Name == name).OrderByDescending(o => o.Ref.Version).Select(o => o.Ref).FirstOrDefault();
        }
    }

    private bool Has(string key) => _problems.ContainsKey(key);

    private string? Problem(string key) => _problems.GetValueOrDefault(key);

    private void Toggle(GateKind gate, bool on)
    {
        if (on)
        {
            _form.Blocking.Add(gate);
        }
        else
        {
            _form.Blocking.Remove(gate);
        }
    }

    private Task OnFairnessDatasetAsync(DatasetVersionRef? value)
    {
        _fairnessRef = value;
        _form.FairnessDataset = value?.Name;
        return Task.CompletedTask;
    }

    private async Task SaveAsync()
    {
        _saved = false;
        _error = null;
        _problems = _form.Validate();
        if (_problems.Count > 0)
        {
            _error = "Fix the marked fields: " + string.Join(" ", _problems.Values);
            return;
        }

        _busy = true;
        try
        {
            var result = await Registry.SetPolicyAsync(Caller, Model, _form.ToPolicy(), _cts.Token);
            _error = result.Error?.Message;
            if (result.IsSuccess)
            {
                _saved = true;
                _reload = true;
                Snackbar.Add($"Promotion policy of {Model} saved", Severity.Success);
                await Saved.InvokeAsync();
            }
        }
        finally
        {
            _busy = false;
        }
    }
}
