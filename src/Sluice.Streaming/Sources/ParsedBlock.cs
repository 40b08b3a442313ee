using Sluice.Data.Batches;

namespace Sluice.Streaming.Sources;

/// <summary>
/// What a worker parsed from one block of a file's lines, delivered in file order by <see cref="FileLineSource"/>.
/// </summary>
/// <param name="Parts">The block's batches in line order (the reader owns them until it passes them on).</param>
/// <param name="End">The file offset after the block's last line.</param>
/// <param name="Fingerprint">The fingerprint of the file the block was read from, when it had one.</param>
/// <param name="Idle">A followed file had no new line for the poll interval (no parts): the source reports an empty batch.</param>
internal sealed record ParsedBlock(List<ParsedBlock.Part> Parts, long End, FileFingerprint? Fingerprint, bool Idle = false)
{
    /// <summary>One batch of a block.</summary>
    /// <param name="Batch">The events; may have no rows when every line of its stretch was rejected.</param>
    /// <param name="Rejected">Lines of its stretch that did not parse.</param>
    /// <param name="End">The file offset after its last line: where a source that delivered it resumes.</param>
    internal readonly record struct Part(RecordBatch Batch, int Rejected, long End);
}
