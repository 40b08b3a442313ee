namespace Sluice.Data.SchemaValidation;

/// <summary>The outcome of checking one cell: ok, a rule error (the rule's name) or a type error.</summary>
internal readonly record struct CellVerdict(string? Rule, bool IsTypeError)
{
    public static CellVerdict Ok => default;

    public bool IsOk => Rule is null;

    public static CellVerdict Broken(string rule) => new(rule, false);

    public static CellVerdict TypeError => new("type", true);
}
