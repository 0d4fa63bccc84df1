using System.Collections;
using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;

namespace CadrePipeline.Core.Records;

/// <summary>The field names of one form's records, shared by all of them so that each record stores only its values.</summary>
public sealed class FieldLayout
{
    private readonly FrozenDictionary<string, int> _index;

    public FieldLayout(IEnumerable<string> keys)
    {
        Keys = keys.ToArray();
        _index = Keys.Select((k, i) => (k, i)).ToFrozenDictionary(p => p.k, p => p.i, StringComparer.Ordinal);
    }

    public IReadOnlyList<string> Keys { get; }

    public int IndexOf(string key) => _index.TryGetValue(key, out var i) ? i : -1;
}

/// <summary>A compact read-only dictionary of a record's fields: a shared <see cref="FieldLayout"/> and one array of values.</summary>
public sealed class FieldValues : IReadOnlyDictionary<string, object?>
{
    private readonly FieldLayout _layout;
    private readonly object?[] _values;

    public FieldValues(FieldLayout layout, object?[] values)
    {
        ArgumentNullException.ThrowIfNull(layout);
        ArgumentNullException.ThrowIfNull(values);
        if (values.Length != layout.Keys.Count)
        {
            throw new ArgumentException("one value per key is required", nameof(values));
        }

        _layout = layout;
        _values = values;
    }

    public object? this[string key] => TryGetValue(key, out var v) ? v : throw new KeyNotFoundException(key);

    public IEnumerable<string> Keys => _layout.Keys;

    public IEnumerable<object?> Values => _values;

    public int Count => _values.Length;

    public bool ContainsKey(string key) => _layout.IndexOf(key) >= 0;

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out object? value)
    {
        var i = _layout.IndexOf(key);
        value = i >= 0 ? _values[i] : null;
        return i >= 0;
    }

    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator()
    {
        for (var i = 0; i < _values.Length; i++)
        {
            yield return new KeyValuePair<string, object?>(_layout.Keys[i], _values[i]);
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
