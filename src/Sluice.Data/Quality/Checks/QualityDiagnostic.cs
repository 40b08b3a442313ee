namespace Sluice.Data.Quality.Checks;

/// <summary>A problem in a check definition.</summary>
/// <param name="Code">A stable code from <see cref="CheckErrorCodes"/>.</param>
/// <param name="Message">What is wrong, quoting the bad text.</param>
/// <param name="Position">Where, translated by the caller's origin.</param>
/// <param name="Hint">How to fix it (a "did you mean"); may be null.</param>
public sealed record QualityDiagnostic(string Code, string Message, TextPosition Position, string? Hint = null)
{
    /// <summary>Formats as <c>line:col: error QC001: message (hint)</c>.</summary>
    public override string ToString() =>
        Hint is null ? $"{Position}: error {Code}: {Message}" : $"{Position}: error {Code}: {Message} ({Hint})";
}
