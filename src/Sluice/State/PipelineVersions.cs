using System.Globalization;

namespace Sluice.State;

/// <summary>
/// The stored versions of one pipeline as people name them: numbered from 1 (the oldest) in the order they were first
/// stored, or by a prefix of their hash. Used by <c>sluice versions</c>, the API and the version page alike.
/// </summary>
public sealed class PipelineVersions
{
    /// <summary>How many versions are read at most. The default listing shows them all up to this.</summary>
    public const int Limit = 1000;

    private PipelineVersions(string pipelineId, IReadOnlyList<PipelineVersionRecord> newestFirst)
    {
        PipelineId = pipelineId;
        NewestFirst = newestFirst;
    }

    /// <summary>The pipeline.</summary>
    public string PipelineId { get; }

    /// <summary>The versions, newest first.</summary>
    public IReadOnlyList<PipelineVersionRecord> NewestFirst { get; }

    /// <summary>Reads the versions of <paramref name="pipelineId"/>.</summary>
    public static async Task<PipelineVersions> ReadAsync(IStateStore store, string pipelineId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        return new PipelineVersions(pipelineId, await store.ListPipelineVersionsAsync(pipelineId, Limit, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>The number of a listed version: 1 for the oldest.</summary>
    public int NumberOf(PipelineVersionRecord version) => NewestFirst.Count - IndexOf(version);

    /// <summary>
    /// The version named by <paramref name="reference"/> (its number, or a unique prefix of at least 4 characters of its
    /// hash), or null with the reason in <paramref name="error"/>.
    /// </summary>
    public PipelineVersionRecord? Find(string reference, out string? error)
    {
        ArgumentNullException.ThrowIfNull(reference);
        error = null;
        if (NewestFirst.Count == 0)
        {
            error = $"pipeline '{PipelineId}' has no stored versions; a version is stored when a run starts or a server loads the file";
            return null;
        }
        var text = reference.Trim().TrimStart('v');
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && text.Length < 4)
        {
            if (number >= 1 && number <= NewestFirst.Count)
            {
                return NewestFirst[NewestFirst.Count - number];
            }
            error = $"pipeline '{PipelineId}' has versions 1 to {NewestFirst.Count}, not {number}";
            return null;
        }
        if (reference.Length < 4)
        {
            error = $"'{reference}' is neither a version number (1 to {NewestFirst.Count}) nor a hash prefix of at least 4 characters";
            return null;
        }
        var matches = NewestFirst.Where(v => v.Hash.StartsWith(reference, StringComparison.OrdinalIgnoreCase)).ToList();
        if (matches.Count == 1)
        {
            return matches[0];
        }
        error = matches.Count == 0
            ? $"no version of pipeline '{PipelineId}' has a hash starting with '{reference}'; list them with 'sluice versions {PipelineId}'"
            : $"'{reference}' starts the hashes of {matches.Count} versions of pipeline '{PipelineId}'; give more characters";
        return null;
    }

    private int IndexOf(PipelineVersionRecord version)
    {
        for (var i = 0; i < NewestFirst.Count; i++)
        {
            if (NewestFirst[i].Hash == version.Hash)
            {
                return i;
            }
        }
        throw new ArgumentException($"version {version.Hash} is not a version of pipeline '{PipelineId}'", nameof(version));
    }
}
