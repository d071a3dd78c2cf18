using MlOpsPortal.Application.Jobs;

namespace MlOpsPortal.Infrastructure.Jobs;

/// <summary>
/// Hangfire queue names: one per (priority, resource). Hangfire.PostgreSql fetches from a server's queues in the order of
/// their names, so the priority rank leads the name: <c>1_high_cpu</c> is taken before <c>2_normal_cpu</c>, which is
/// taken before <c>3_low_cpu</c>. A node serves the queues of the resources it offers (<c>Jobs:Queues</c>).
/// </summary>
public static class JobQueues
{
    public const string Cpu = "cpu";
    public const string Gpu = "gpu";

    public static readonly IReadOnlyList<string> Priorities = ["high", "normal", "low"];

    public static string Name(string resource, JobPriority priority) =>
        Name(resource, priority.ToString().ToLowerInvariant());

    /// <summary>The resource a queue name asks for (<c>2_normal_gpu</c> → <c>gpu</c>).</summary>
    public static string ResourceOf(string queue) => queue[(queue.LastIndexOf('_') + 1)..];

    public static string Name(string resource, string priority)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(resource);
        if (!resource.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c)))
        {
            throw new ArgumentException($"Resource '{resource}' must be lower-case letters and digits (e.g. cpu, gpu).", nameof(resource));
        }

        var rank = Priorities.ToList().IndexOf(priority);
        return $"{(rank < 0 ? 2 : rank + 1)}_{(rank < 0 ? "normal" : priority)}_{resource}";
    }

    public static IEnumerable<string> ServedBy(IEnumerable<string> resources)
    {
        var list = resources.ToList();
        return Priorities.SelectMany(p => list.Select(r => Name(r, p)));
    }
}
