using Sluice.Definition;
using Sluice.Execution;

namespace Sluice.Tests.Execution;

public class InputBinderTests
{
    private static readonly PipelineDefinition Pipeline = new()
    {
        Id = "p",
        Inputs = [new InputDefinition("regions", InputType.List, HasDefault: true, Default: Array.Empty<object?>()), new InputDefinition("day", InputType.String)],
    };

    private static (IReadOnlyDictionary<string, object?> Inputs, IReadOnlyList<string> Errors) Bind(string name, object? value)
    {
        var inputs = InputBinder.Bind(Pipeline, new Dictionary<string, object?> { [name] = value }, out var errors);
        return (inputs, errors);
    }

    [Theory]
    [InlineData("[1,2")]
    [InlineData("[a, b]")]
    [InlineData("  [\"eu\",]")]
    public void Bind_ListTextStartingWithBracketThatIsNotJson_IsAnErrorNamingTheInput(string text)
    {
        var (_, errors) = Bind("regions", text);

        errors.ShouldHaveSingleItem().ShouldStartWith($"input 'regions' (list): '{text}' starts with '[' but is not a JSON array (invalid JSON at position ");
    }

    [Theory]
    [InlineData("[\"eu\", \"us\"]", new object[] { "eu", "us" })]
    [InlineData("eu, us", new object[] { "eu", "us" })]
    [InlineData("[1,2]", new object[] { 1L, 2L })]
    public void Bind_ListTextAsJsonOrCommaSeparated_GivesTheList(string text, object[] expected)
    {
        var (inputs, errors) = Bind("regions", text);

        errors.ShouldBeEmpty();
        inputs["regions"].ShouldBe(expected);
    }

    [Fact]
    public void Undeclared_NamesEachUnknownInputWithADidYouMean()
    {
        InputBinder.Undeclared(Pipeline, ["regions", "regoins", "zzz"]).ShouldBe(
        [
            "input 'regoins' is not declared by pipeline 'p' (did you mean 'regions'?)",
            "input 'zzz' is not declared by pipeline 'p' (valid inputs: day, regions)",
        ]);
    }
}
