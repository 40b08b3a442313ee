namespace Sluice.Expressions.Functions;

/// <summary>Adds a function to the allow-list while it is built.</summary>
internal delegate void Registrar(string name, int minArgs, int maxArgs, BuiltinFunction body);
