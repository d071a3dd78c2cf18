namespace MlOpsPortal.Infrastructure.Tracking;

/// <summary>
/// The rollup levels of metric histories and how a batch of points is summarised into them. Axis 0 is the step,
/// axis 1 the timestamp in Unix milliseconds; a point falls into bucket <c>x &gt;&gt; shift</c> of each level.
/// Widths grow by 64 per level: 64, 4,096 and 262,144 steps; 256 ms, 16 s and about 17.5 minutes.
/// </summary>
internal static class MetricRollups
{
    public const short StepAxis = 0;
    public const short TimeAxis = 1;
    public const short LevelCount = 3;

    private static readonly int[] StepShifts = [6, 12, 18];
    private static readonly int[] TimeShifts = [8, 14, 20];

    public static int Shift(short axis, short level) => (axis == StepAxis ? StepShifts : TimeShifts)[level];

    /// <summary>
    /// The finest level at which the x range [lo, hi] spans at most <paramref name="maxBuckets"/> buckets
    /// (the coarsest level when none does).
    /// </summary>
    public static short ChooseLevel(short axis, long lo, long hi, long maxBuckets)
    {
        for (short level = 0; level < LevelCount - 1; level++)
        {
            var shift = Shift(axis, level);
            if ((hi >> shift) - (lo >> shift) + 1 <= maxBuckets)
            {
                return level;
            }
        }

        return LevelCount - 1;
    }

    /// <summary>
    /// The batch's contribution to every level of both axes, one row per (key, axis, level, bucket), in the order
    /// the upsert locks them (key, axis, level, bucket), so concurrent batches on one run cannot deadlock.
    /// </summary>
    public static List<MetricRollup> Summarise(Guid runId, IReadOnlyList<MetricValue> metrics)
    {
        var rows = new Dictionary<(string Key, short Axis, short Level, long Bucket), MetricRollup>();
        foreach (var m in metrics)
        {
            for (short axis = StepAxis; axis <= TimeAxis; axis++)
            {
                var x = axis == StepAxis ? m.Step : m.Timestamp;
                for (short level = 0; level < LevelCount; level++)
                {
                    var bucket = x >> Shift(axis, level);
                    if (rows.TryGetValue((m.Key, axis, level, bucket), out var row))
                    {
                        row.PointCount++;
                        row.ValueSum += m.Value;
                        row.MinValue = Math.Min(row.MinValue, m.Value);
                        row.MaxValue = Math.Max(row.MaxValue, m.Value);
                        row.MinX = Math.Min(row.MinX, x);
                        row.MaxX = Math.Max(row.MaxX, x);
                    }
                    else
                    {
                        rows[(m.Key, axis, level, bucket)] = new MetricRollup
                        {
                            RunId = runId, Key = m.Key, Axis = axis, Level = level, Bucket = bucket, PointCount = 1,
                            ValueSum = m.Value, MinValue = m.Value, MaxValue = m.Value, MinX = x, MaxX = x,
                        };
                    }
                }
            }
        }

        return rows.Values
            .OrderBy(r => r.Key, StringComparer.Ordinal).ThenBy(r => r.Axis).ThenBy(r => r.Level).ThenBy(r => r.Bucket)
            .ToList();
    }
}
