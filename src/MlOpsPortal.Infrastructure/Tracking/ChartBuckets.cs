namespace MlOpsPortal.Infrastructure.Tracking;

/// <summary>
/// Equal-width buckets over [lo, hi] accumulating count, sum, min and max; a chart point per non-empty bucket at the
/// smallest x it received, with the mean as its value.
/// </summary>
internal sealed class ChartBuckets
{
    private readonly long _lo;
    private readonly double _scale;
    private readonly long[] _count;
    private readonly double[] _sum;
    private readonly double[] _min;
    private readonly double[] _max;
    private readonly long[] _x;

    public ChartBuckets(long lo, long hi, int buckets)
    {
        _lo = lo;
        _scale = buckets / ((double)hi - lo + 1);
        _count = new long[buckets];
        _sum = new double[buckets];
        _min = new double[buckets];
        _max = new double[buckets];
        _x = new long[buckets];
    }

    /// <summary>Whether any bucket holds more than one point (the series is downsampled).</summary>
    public bool Merged { get; private set; }

    public void Add(long x, long count, double sum, double min, double max)
    {
        var b = Math.Clamp((int)Math.Floor((x - _lo) * _scale), 0, _count.Length - 1);
        if (_count[b] == 0)
        {
            (_x[b], _min[b], _max[b]) = (x, min, max);
        }
        else
        {
            Merged = true;
            _x[b] = Math.Min(_x[b], x);
            _min[b] = Math.Min(_min[b], min);
            _max[b] = Math.Max(_max[b], max);
        }

        Merged |= count > 1;
        _count[b] += count;
        _sum[b] += sum;
    }

    public List<ChartPoint> Points()
    {
        var points = new List<ChartPoint>();
        for (var b = 0; b < _count.Length; b++)
        {
            if (_count[b] > 0)
            {
                points.Add(new ChartPoint(_x[b], _sum[b] / _count[b], _min[b], _max[b]));
            }
        }

        return points;
    }
}
