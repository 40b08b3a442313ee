namespace Sluice.Definition.Validation;

/// <summary>Inputs: defaults match the declared type, enum values match the type, and the default is one of them.</summary>
internal static class InputChecks
{
    public static void Run(ValidationScope s)
    {
        foreach (var input in s.Definition.Inputs)
        {
            var path = $"inputs.{input.Name}";
            if (input.HasDefault && input.Default is not null && !ValueTypes.Matches(input.Default, input.Type))
            {
                s.Bag.Error(DiagnosticCodes.InputDefaultType, s.At(path + ".default"),
                    $"the default of input '{input.Name}' is {ValueTypes.Show(input.Default)}, which is not {ValueTypes.Name(input.Type)}",
                    $"change the default or the type '{input.Type.ToString().ToLowerInvariant()}'");
            }
            if (input.Enum is not { } allowed)
            {
                continue;
            }
            for (var i = 0; i < allowed.Count; i++)
            {
                if (!ValueTypes.Matches(allowed[i], input.Type))
                {
                    s.Bag.Error(DiagnosticCodes.InputEnum, s.At($"{path}.enum[{i}]"),
                        $"the allowed value {ValueTypes.Show(allowed[i])} of input '{input.Name}' is not {ValueTypes.Name(input.Type)}");
                }
            }
            if (input.HasDefault && input.Default is not null && !allowed.Any(a => ValueTypes.SameValue(a, input.Default)))
            {
                var near = input.Default is string text ? NameSuggester.Suggest(text, [.. allowed.OfType<string>()]) : null;
                var list = string.Join(", ", allowed.Select(ValueTypes.Show));
                s.Bag.Error(DiagnosticCodes.InputEnum, s.At(path + ".default"),
                    $"the default {ValueTypes.Show(input.Default)} of input '{input.Name}' is not one of its allowed values",
                    near is null ? $"allowed values: {list}" : $"did you mean '{near}'? allowed values: {list}");
            }
        }
    }
}
