namespace Sluice.Definition;

/// <summary>What starts runs of a pipeline without a person: a schedule, a file, a webhook or another pipeline.</summary>
/// <param name="Type">One of <c>cron</c>, <c>interval</c>, <c>file</c>, <c>webhook</c>, <c>pipeline</c>.</param>
/// <param name="Settings">The trigger's keys other than <c>type</c>, validated per type by the loader.</param>
public sealed record TriggerDefinition(string Type, IReadOnlyDictionary<string, object?> Settings);
