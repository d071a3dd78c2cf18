using System.Globalization;
using System.Text;
using MlOpsPortal.Domain.Tracking;
using Npgsql;
using NpgsqlTypes;

namespace MlOpsPortal.Infrastructure.Tracking;

/// <summary>
/// Translates parsed filter and order clauses into one parameterised PostgreSQL query over runs, the latest-metric
/// table and the params/tags tables. No user text is ever spliced into the SQL: keys and values are parameters.
/// </summary>
public sealed class RunSearchSql
{
    private const string StatusNames = "(ARRAY['RUNNING','SCHEDULED','FINISHED','FAILED','KILLED'])[r.status + 1]";
    private readonly List<NpgsqlParameter> _parameters = [];
    private readonly StringBuilder _joins = new();
    private readonly StringBuilder _where = new();
    private readonly List<string> _order = [];
    private readonly string _experiments;
    private string? _firstJoin;
    private string? _cappedFirstJoin;
    private string? _thresholdSql;

    /// <summary>Values at most this long are in the partial (key, value, run_id) indexes of params and tags.</summary>
    public const int IndexedValueLength = 200;

    public RunSearchSql(IReadOnlyList<long> experimentIds, IReadOnlyList<string> stages, IReadOnlyList<FilterClause> filter, IReadOnlyList<OrderClause> orderBy)
    {
        _experiments = Add(experimentIds.ToArray());
        _where.Append("r.experiment_id = ANY(").Append(_experiments).Append(") AND r.lifecycle_stage = ANY(").Append(Add(stages.ToArray())).Append(')');
        foreach (var clause in filter)
        {
            _where.Append(" AND ").Append(Condition(clause));
        }

        for (var i = 0; i < orderBy.Count; i++)
        {
            var o = orderBy[i];
            var dir = o.Descending ? " DESC" : " ASC";
            var column = o.Entity switch
            {
                FilterEntity.Attribute => AttributeColumn(o.Key),
                FilterEntity.Metric when i == 0 => FirstMetricJoin(o.Key, o.Descending),
                _ => Join(o.Entity, o.Key, "o" + i.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            };
            _order.Add(column + dir + " NULLS LAST");
        }

        _order.Add("r.start_time DESC");
        _order.Add("r.id DESC");
    }

    public IReadOnlyList<NpgsqlParameter> Parameters => _parameters;

    public string PageSql(int limit, int offset) =>
        $"SELECT r.id FROM runs r{_firstJoin}{_joins} WHERE {_where} ORDER BY {string.Join(", ", _order)} LIMIT {limit + 1} OFFSET {offset}";

    /// <summary>Whether the order starts with a metric, so <see cref="ThresholdSql"/> and <see cref="CappedPageSql"/> apply.</summary>
    public bool CanCap => _cappedFirstJoin is not null;

    /// <summary>
    /// The first-order metric's value at rank <paramref name="cap"/> (0-based) over the searched experiments, or no row
    /// when fewer runs have it. Each experiment contributes its best <c>cap + 1</c> values by a walk of the
    /// <c>(experiment_id, key, value)</c> index in order: one scalar experiment id per walk, because PostgreSQL does
    /// not take an index's order through <c>experiment_id = ANY(...)</c> and would sort every value of the key instead.
    /// </summary>
    public string ThresholdSql(long cap) => string.Format(CultureInfo.InvariantCulture, _thresholdSql!, cap + 1, cap);

    /// <summary>
    /// The same page among only the runs whose first-order metric is at least as good as <c>@threshold</c> (ties
    /// included): a range of the <c>(experiment_id, key, value)</c> index, so the filters are checked for a bounded
    /// candidate set instead of every run. Every run outside that set ranks below every run inside it, so when this
    /// returns a full page (limit + 1 rows) it is exactly the page <see cref="PageSql"/> would return; otherwise run that.
    /// </summary>
    public string CappedPageSql(int limit, int offset) =>
        $"SELECT r.id FROM runs r{_cappedFirstJoin}{_joins} WHERE {_where} ORDER BY {string.Join(", ", _order)} LIMIT {limit + 1} OFFSET {offset}";

    public string CountSql() => $"SELECT count(*) FROM runs r WHERE {_where}";

    private string FirstMetricJoin(string key, bool descending)
    {
        var k = Add(key);
        var on = $" latest_metrics o0 ON o0.run_id = r.id AND o0.key = {k} AND o0.experiment_id = ANY({_experiments})";
        _firstJoin = " LEFT JOIN" + on;
        var (cmp, dir) = descending ? (">=", "DESC") : ("<=", "ASC");
        _cappedFirstJoin = " JOIN" + on + $" AND o0.value {cmp} @threshold";
        // {0} is cap + 1 and {1} the cap, filled in per call.
        _thresholdSql = $"SELECT t.value FROM unnest({_experiments}::bigint[]) e(id) CROSS JOIN LATERAL (SELECT m.value FROM latest_metrics m " +
            $"WHERE m.experiment_id = e.id AND m.key = {k} ORDER BY m.value {dir} LIMIT {{0}}) t ORDER BY t.value {dir} OFFSET {{1}} LIMIT 1";
        return "o0.value";
    }

    private string Join(FilterEntity entity, string key, string alias)
    {
        var (table, column) = entity switch
        {
            FilterEntity.Metric => ("latest_metrics", "value"),
            FilterEntity.Param => ("run_params", "value"),
            _ => ("run_tags", "value"),
        };
        _joins.Append(" LEFT JOIN ").Append(table).Append(' ').Append(alias).Append(" ON ").Append(alias).Append(".run_id = r.id AND ")
            .Append(alias).Append(".key = ").Append(Add(key));
        if (entity == FilterEntity.Metric)
        {
            _joins.Append(" AND ").Append(alias).Append(".experiment_id = ANY(").Append(_experiments).Append(')');
        }

        return alias + "." + column;
    }

    private string Condition(FilterClause c)
    {
        var op = RunAttributes.Operator(c.Operator);
        switch (c.Entity)
        {
            case FilterEntity.Metric:
                // experiment_id lets PostgreSQL range-scan the (experiment_id, key, value) index.
                return $"EXISTS (SELECT 1 FROM latest_metrics m WHERE m.run_id = r.id AND m.experiment_id = ANY({_experiments}) AND m.key = {Add(c.Key)} AND m.value {op} {Add(c.Value.Number ?? 0)})";
            case FilterEntity.Param:
            case FilterEntity.Tag:
                var table = c.Entity == FilterEntity.Param ? "run_params" : "run_tags";
                var text = c.Value.Text ?? string.Empty;
                // A no-op for a short literal that matches the partial index's predicate, so the index can serve equality.
                var indexed = c.Operator == FilterOperator.Equal && text.Length <= IndexedValueLength ? $" AND length(x.value) <= {IndexedValueLength}" : string.Empty;
                return $"EXISTS (SELECT 1 FROM {table} x WHERE x.run_id = r.id AND x.key = {Add(c.Key)} AND x.value {op} {Add(text)}{indexed})";
        }

        if (c.Key == RunAttributes.RunId)
        {
            var ids = (c.Value.List ?? [c.Value.Text ?? string.Empty]).Select(v => Guid.TryParseExact(v, "N", out var g) ? g : Guid.Empty).ToArray();
            var any = $"r.id = ANY({Add(ids)})";
            return c.Operator is FilterOperator.NotEqual or FilterOperator.NotIn ? "NOT " + any : any;
        }

        if (RunAttributes.IsTime(c.Key))
        {
            var at = TrackingTime.FromMs((long)(c.Value.Number ?? 0));
            return $"{AttributeColumn(c.Key)} {op} {Add(at)}";
        }

        var column = AttributeColumn(c.Key);
        return c.Operator switch
        {
            FilterOperator.In => $"{column} = ANY({Add((c.Value.List ?? []).ToArray())})",
            FilterOperator.NotIn => $"NOT ({column} = ANY({Add((c.Value.List ?? []).ToArray())}))",
            _ => $"{column} {op} {Add(c.Value.Text ?? string.Empty)}",
        };
    }

    private static string AttributeColumn(string key) => key switch
    {
        RunAttributes.Status => StatusNames,
        RunAttributes.RunName => "r.name",
        RunAttributes.UserId => "r.user_id",
        RunAttributes.StartTime => "r.start_time",
        RunAttributes.EndTime => "r.end_time",
        _ => "r.id",
    };

    private string Add(object value)
    {
        var name = "@p" + _parameters.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var parameter = value switch
        {
            DateTimeOffset at => new NpgsqlParameter(name, NpgsqlDbType.TimestampTz) { Value = at.UtcDateTime },
            string s => new NpgsqlParameter(name, NpgsqlDbType.Text) { Value = s },
            _ => new NpgsqlParameter(name, value),
        };
        _parameters.Add(parameter);
        return name;
    }
}
