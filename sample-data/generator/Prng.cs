namespace CadrePipeline.SampleData;

/// <summary>SplitMix64: a tiny seeded generator whose sequence never depends on the runtime version.</summary>
internal sealed class Prng(ulong seed)
{
    private ulong _state = seed;

    public ulong NextULong()
    {
        var z = _state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>A number in [min, max] inclusive.</summary>
    public int Next(int min, int max) => min + (int)(NextULong() % (ulong)(max - min + 1));

    public bool Chance(double p) => (NextULong() >> 11) * (1.0 / (1UL << 53)) < p;

    public T Pick<T>(IReadOnlyList<T> items) => items[Next(0, items.Count - 1)];

    public void Shuffle<T>(IList<T> items)
    {
        for (var i = items.Count - 1; i > 0; i--)
        {
            var j = Next(0, i);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }

    /// <summary>k distinct indexes of [0, n), in ascending order.</summary>
    public List<int> Sample(int n, int k)
    {
        var all = Enumerable.Range(0, n).ToList();
        Shuffle(all);
        var picked = all.Take(k).ToList();
        picked.Sort();
        return picked;
    }
}
