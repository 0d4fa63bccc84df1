namespace CadrePipeline.Core.Submissions;

/// <summary>The county's current submission of one form key, as the ingest read it.</summary>
public sealed record CurrentEntry(string SubmissionId, DateTimeOffset ReceivedAtUtc);

/// <summary>
/// What one accepted submission does to its county's current forms: the form keys it becomes current for, those for
/// which a later-received upload is already current (superseded on arrival), and the earlier submissions it replaces.
/// </summary>
public sealed record SupersessionPlan(
    IReadOnlyList<string> BecomesCurrent,
    IReadOnlyDictionary<string, string> SupersededOnArrival,
    IReadOnlyDictionary<string, IReadOnlyList<string>> Replaced)
{
    /// <summary>True when the pointer must be written (this submission is not yet current for a key it wins).</summary>
    public bool ChangesPointer => BecomesCurrent.Count > 0;

    /// <summary>
    /// The decision, a pure function of what was read. The later-received upload wins each form key; at the same
    /// instant the larger submission id wins, so every order of processing reaches the same state.
    /// </summary>
    public static SupersessionPlan For(IReadOnlyDictionary<string, CurrentEntry> current, string submissionId, DateTimeOffset receivedAtUtc, IEnumerable<string> formKeys)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(formKeys);
        var becomes = new List<string>();
        var onArrival = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var replaced = new SortedDictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var key in formKeys.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
        {
            if (current.TryGetValue(key, out var cur))
            {
                if (cur.SubmissionId == submissionId)
                {
                    continue;
                }

                var newer = cur.ReceivedAtUtc > receivedAtUtc
                    || (cur.ReceivedAtUtc == receivedAtUtc && string.CompareOrdinal(cur.SubmissionId, submissionId) > 0);
                if (newer)
                {
                    onArrival[key] = cur.SubmissionId;
                    continue;
                }

                if (!replaced.TryGetValue(cur.SubmissionId, out var keys))
                {
                    replaced[cur.SubmissionId] = keys = [];
                }

                keys.Add(key);
            }

            becomes.Add(key);
        }

        return new SupersessionPlan(becomes, onArrival, replaced.ToDictionary(kv => kv.Key, kv => (IReadOnlyList<string>)kv.Value, StringComparer.Ordinal));
    }
}
