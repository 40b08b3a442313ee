using System.Runtime.InteropServices;

namespace Sluice.Data.Anomalies;

/// <summary>Maps group keys to dense ids 0..g−1 in order of first appearance.</summary>
internal static class GroupIndex
{
    /// <summary>Writes the dense group id of every key to <paramref name="ids"/> and returns the number of groups.</summary>
    /// <remarks>A null key (possible for reference types) is a group of its own.</remarks>
    public static int Assign<TKey>(ReadOnlySpan<TKey> keys, Span<int> ids)
        where TKey : notnull
    {
        var map = new Dictionary<TKey, int>();
        var nullId = -1;
        var next = 0;
        for (var i = 0; i < keys.Length; i++)
        {
            var key = keys[i];
            if (key is null)
            {
                if (nullId < 0)
                {
                    nullId = next++;
                }

                ids[i] = nullId;
                continue;
            }

            ref var slot = ref CollectionsMarshal.GetValueRefOrAddDefault(map, key, out var exists);
            if (!exists)
            {
                slot = next++;
            }

            ids[i] = slot;
        }

        return next;
    }
}
