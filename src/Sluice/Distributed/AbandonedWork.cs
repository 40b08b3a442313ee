namespace Sluice.Distributed;

/// <summary>An item whose outcome is not recorded: its lease lapses (or is handed back) and another attempt decides.</summary>
internal sealed record AbandonedWork(ClaimedWork Work);
