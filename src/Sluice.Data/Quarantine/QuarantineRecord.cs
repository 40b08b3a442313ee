namespace Sluice.Data.Quarantine;

/// <summary>A record that could not be read or converted, kept with the reason instead of being dropped.</summary>
/// <param name="Source">The file (or other source) it came from.</param>
/// <param name="Line">The 1-based physical line where the record starts.</param>
/// <param name="Reason">Why it was rejected, in plain English.</param>
/// <param name="RawText">The record's text (invalid UTF-8 replaced by U+FFFD), capped at the reader's limit.</param>
public sealed record QuarantineRecord(string Source, long Line, string Reason, string RawText);
