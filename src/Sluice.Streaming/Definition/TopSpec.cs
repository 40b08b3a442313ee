namespace Sluice.Streaming.Definition;

/// <summary>
/// Keeps, per window, the rows whose <paramref name="By"/> value ranks among the <paramref name="N"/> largest distinct
/// values — every tie is kept (arg-max with ties when N is 1). Over a window with aggregates it ranks the keys' result
/// rows; without aggregates it ranks the events themselves and keeps <paramref name="Columns"/>.
/// </summary>
/// <param name="By">The column (or aggregate) ranked, largest first.</param>
/// <param name="N">How many distinct values are kept. The default is 1.</param>
/// <param name="Columns">The event columns kept for each row (raw-event top only).</param>
public sealed record TopSpec(string By, int N, IReadOnlyList<string> Columns);
