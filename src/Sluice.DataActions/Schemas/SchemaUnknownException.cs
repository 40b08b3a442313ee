using Sluice.Diagnostics;

namespace Sluice.DataActions.Schemas;

/// <summary>
/// Thrown inside a schema function when a dataset it needs further on (the right side of a join) is known only at run
/// time: the check of the task ends there. The reason is already recorded on the <see cref="SchemaRequest"/>.
/// </summary>
internal sealed class SchemaUnknownException(string path) : SluiceException($"the schema of '{path}' is known only at run time");
