namespace MlOpsPortal.Infrastructure.Tracking;

/// <summary>
/// Merges metric chunks, read in (min step, id) order, into one history in (step, chunk id, position) order, from just
/// after a keyset position, until <c>limit</c> points. A point is handed out once no chunk still to be read can hold a
/// smaller one, so only the chunks overlapping the page are held in memory.
/// </summary>
internal sealed class HistoryMerge(HistoryPosition after, int limit)
{
    private readonly PriorityQueue<Cursor, HistoryPosition> _heap = new();
    private readonly List<(MetricValue Point, HistoryPosition At)> _out = [];

    public IReadOnlyList<(MetricValue Point, HistoryPosition At)> Points => _out;

    public bool Full => _out.Count >= limit;

    /// <summary>Adds the next chunk; false once the page is full (read no more chunks).</summary>
    public bool Add(string key, long chunkId, long minStep, long[] steps, long[] timestamps, double[] values)
    {
        Emit(new HistoryPosition(minStep, chunkId, -1));
        if (Full)
        {
            return false;
        }

        var cursor = new Cursor(key, chunkId, steps, timestamps, values);
        while (cursor.Index < steps.Length && cursor.Position.CompareTo(after) <= 0)
        {
            cursor.Index++;
        }

        if (cursor.Index < steps.Length)
        {
            _heap.Enqueue(cursor, cursor.Position);
        }

        return true;
    }

    /// <summary>Hands out what is left once every chunk has been read.</summary>
    public void Finish() => Emit(new HistoryPosition(long.MaxValue, long.MaxValue, int.MaxValue));

    private void Emit(HistoryPosition bound)
    {
        while (!Full && _heap.TryPeek(out var cursor, out var at) && at.CompareTo(bound) < 0)
        {
            _heap.Dequeue();
            _out.Add((new MetricValue(cursor.Key, cursor.Values[cursor.Index], cursor.Timestamps[cursor.Index], cursor.Steps[cursor.Index]), at));
            cursor.Index++;
            if (cursor.Index < cursor.Steps.Length)
            {
                _heap.Enqueue(cursor, cursor.Position);
            }
        }
    }

    private sealed class Cursor(string key, long chunkId, long[] steps, long[] timestamps, double[] values)
    {
        public string Key => key;

        public long[] Steps => steps;

        public long[] Timestamps => timestamps;

        public double[] Values => values;

        public int Index { get; set; }

        public HistoryPosition Position => new(steps[Index], chunkId, Index);
    }
}

/// <summary>A point's place in a history: step, then chunk id, then position in the chunk.</summary>
internal readonly record struct HistoryPosition(long Step, long Chunk, int Index) : IComparable<HistoryPosition>
{
    public static readonly HistoryPosition Start = new(long.MinValue, long.MinValue, int.MinValue);

    public int CompareTo(HistoryPosition other)
    {
        var c = Step.CompareTo(other.Step);
        if (c == 0)
        {
            c = Chunk.CompareTo(other.Chunk);
        }

        return c != 0 ? c : Index.CompareTo(other.Index);
    }
}
