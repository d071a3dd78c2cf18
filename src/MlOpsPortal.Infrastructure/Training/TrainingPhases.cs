using System.Globalization;

namespace MlOpsPortal.Infrastructure.Training;

/// <summary>
/// Wall time of each phase of a training job (read, prepare, features, train, evaluate, package, store, log), written
/// to the job log as one <c>timings:</c> line so a slow job shows where its time went (and the jobs benchmark can break
/// its overhead down). Phases run one after another; starting a phase ends the previous one; a name seen twice adds up.
/// </summary>
public sealed class TrainingPhases(TimeProvider time)
{
    public const string LinePrefix = "timings: ";

    private readonly List<(string Name, double Seconds)> _phases = [];
    private string? _current;
    private long _started;

    public IReadOnlyList<(string Name, double Seconds)> Phases => _phases;

    public void Start(string name)
    {
        Stop();
        _current = name;
        _started = time.GetTimestamp();
    }

    public void Stop()
    {
        if (_current is null)
        {
            return;
        }

        var seconds = time.GetElapsedTime(_started).TotalSeconds;
        var index = _phases.FindIndex(p => p.Name == _current);
        if (index >= 0)
        {
            _phases[index] = (_current, _phases[index].Seconds + seconds);
        }
        else
        {
            _phases.Add((_current, seconds));
        }

        _current = null;
    }

    /// <summary><c>timings: read 0.210 s, prepare 0.050 s, …</c></summary>
    public string Format() =>
        LinePrefix + string.Join(", ", _phases.Select(p => $"{p.Name} {p.Seconds.ToString("0.000", CultureInfo.InvariantCulture)} s"));

    /// <summary>Parses a line written by <see cref="Format"/> (anywhere in a job-log line); null for any other line.</summary>
    public static IReadOnlyDictionary<string, double>? Parse(string line)
    {
        var at = line?.IndexOf(LinePrefix, StringComparison.Ordinal) ?? -1;
        if (at < 0)
        {
            return null;
        }

        var result = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var part in line![(at + LinePrefix.Length)..].Split(", ", StringSplitOptions.RemoveEmptyEntries))
        {
            var fields = part.Split(' ');
            if (fields.Length == 3 && double.TryParse(fields[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds))
            {
                result[fields[0]] = seconds;
            }
        }

        return result;
    }
}
