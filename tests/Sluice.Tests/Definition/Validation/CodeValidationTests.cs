using Sluice.Actions;
using Sluice.Actions.BuiltIn;
using Sluice.Definition.Validation;
using Sluice.Definition.Yaml;
using Sluice.Diagnostics;

namespace Sluice.Tests.Definition.Validation;

/// <summary>SLU047: templates spliced unquoted into parameters that actions declare as code.</summary>
public class CodeValidationTests
{
    private const string Head = """
        id: p
        inputs:
          who: {type: string, default: world}
          limit: {type: integer, default: 10}
          mode: {type: string, enum: [full, delta], default: full}
        context:
          greeting: hello
          echoed: "{{ inputs.who }}"
        tasks:
        """;

    /// <summary>The real <c>shell</c>, and <c>query</c>, whose <c>sql</c> parameter is SQL (as the <c>sql</c> action's <c>query</c>).</summary>
    private static ActionRegistry Registry() => new ActionRegistry()
        .Register(new ShellAction())
        .Register(new NoopAction())
        .Register(new FakeAction(new ActionDescriptor("query", "Runs SQL.",
        [
            new ParameterSpec("sql", ParameterType.String, "The statements.", Required: true) { Code = CodeLanguage.Sql },
            new ParameterSpec("params", ParameterType.Map, "Bound values."),
        ], [])));

    private static LoadResult Load(string tasks) =>
        PipelineLoader.Load((Head + "\n" + tasks).ReplaceLineEndings("\n"), DefinitionAssert.File, Registry());

    private static List<Diagnostic> Warnings(LoadResult result)
    {
        result.ShouldSucceed();
        return [.. result.Diagnostics.Where(static d => d.Code == DiagnosticCodes.TemplateInCode)];
    }

    [Fact]
    public void Load_InputInShellCommand_WarnsInsideTheStringWithEnvAndQuotingFixes()
    {
        var result = Load("""
              - id: greet
                action: shell
                parameters: {command: "echo hello {{ inputs.who }}"}
            """);

        var warning = Warnings(result).ShouldHaveSingleItem();
        warning.Severity.ShouldBe(DiagnosticSeverity.Warning);
        warning.Location.ShouldBe(new SourceLocation(DefinitionAssert.File, 12, 42));
        warning.Message.ShouldBe("task 'greet' puts {{ inputs.who }} into its shell command ('command') unquoted: a value such as 'x; rm -rf ~' would run as a command");
        warning.Hint.ShouldBe("pass it in the environment instead: env: {WHO: \"{{ inputs.who }}\"} and \"$WHO\" in the command (or run the program with 'args:', without a shell); or quote it: {{ inputs.who | shell_quote }}");
    }

    [Fact]
    public void Load_InputInSql_WarnsWithParamsAndQuotingFixes()
    {
        var result = Load("""
              - id: q
                action: query
                parameters:
                  sql: "SELECT * FROM users WHERE name = '{{ inputs.who }}'"
            """);

        var warning = Warnings(result).ShouldHaveSingleItem();
        warning.Location.ShouldBe(new SourceLocation(DefinitionAssert.File, 13, 50));
        warning.Message.ShouldContain("task 'q' puts {{ inputs.who }} into its SQL ('sql') unquoted: a value such as x' OR '1'='1 would change the query");
        warning.Hint.ShouldBe("bind it as a parameter instead: params: {who: \"{{ inputs.who }}\"} and $who in the query; or quote it: {{ inputs.who | sql_literal }}");
    }

    [Fact]
    public void Load_EachUnquotedPartOfABlockScalar_IsReportedOnItsLine()
    {
        var result = Load("""
              - id: q
                action: query
                parameters:
                  sql: |
                    SELECT * FROM t
                    WHERE a = {{ inputs.who | sql_literal }}
                      AND b = {{ inputs.who | upper }}
            """);

        var warning = Warnings(result).ShouldHaveSingleItem();
        warning.Location.Line.ShouldBe(16);
        warning.Message.ShouldContain("{{ inputs.who | upper }}");
        warning.Hint.ShouldNotBeNull().ShouldEndWith("{{ inputs.who | upper | sql_literal }}");
    }

    [Theory]
    [InlineData("shell", "command", "echo {{ inputs.who | shell_quote }} {{ shell_quote(inputs.who) }}")]
    [InlineData("query", "sql", "SELECT {{ inputs.who | sql_literal }}, {{ sql_literal(inputs.who) }}")]
    public void Load_PartQuotedForTheLanguage_DoesNotWarn(string action, string parameter, string code)
    {
        var result = Load($$"""
              - id: t
                action: {{action}}
                parameters: {{{parameter}}: "{{code}}"}
            """);

        Warnings(result).ShouldBeEmpty();
    }

    [Theory]
    [InlineData("shell", "command", "echo {{ inputs.who | sql_literal }}")]
    [InlineData("query", "sql", "SELECT {{ inputs.who | shell_quote }}")]
    [InlineData("query", "sql", "SELECT {{ inputs.who | sql_literal | upper }}")]
    public void Load_PartQuotedForAnotherLanguageOrChangedAfterQuoting_Warns(string action, string parameter, string code)
    {
        var result = Load($$"""
              - id: t
                action: {{action}}
                parameters: {{{parameter}}: "{{code}}"}
            """);

        Warnings(result).ShouldHaveSingleItem();
    }

    [Fact]
    public void Load_ValuesThePipelineFixesItself_DoNotWarn()
    {
        var result = Load("""
              - id: t
                action: shell
                for_each: "{{ [1, 2] }}"
                parameters:
                  command: "echo {{ run.id }} {{ run.logical_date }} {{ item_index }} {{ inputs.limit }} {{ inputs.mode }} {{ context.greeting }}"
            """);

        Warnings(result).ShouldBeEmpty();
    }

    [Fact]
    public void Load_ValuesFromOutside_Warn()
    {
        // A string input, a context key computed from an input, the for_each item, a task output, an env variable,
        // an undeclared input and a computed expression (even of fixed values) can all carry text chosen elsewhere.
        var result = Load("""
              - id: list
                action: shell
                parameters: {command: "ls"}
                outputs: [stdout]
              - id: t
                action: shell
                dependencies: [list]
                for_each: "{{ inputs.who | split(',') }}"
                parameters:
                  command: "echo {{ inputs.who }} {{ context.echoed }} {{ item }} {{ list.stdout }} {{ env.HOME }} {{ inputs.other }} {{ inputs.limit + 1 }}"
            """);

        Warnings(result).Select(static d => d.Message[(d.Message.IndexOf("{{", StringComparison.Ordinal) + 3)..d.Message.IndexOf(" }}", StringComparison.Ordinal)])
            .ShouldBe(["inputs.who", "context.echoed", "item", "list.stdout", "env.HOME", "inputs.other", "inputs.limit + 1"]);
    }

    [Fact]
    public void Load_CodeThatIsOneWholeTemplate_OrParametersThatAreNotCode_DoNotWarn()
    {
        var result = Load("""
              - id: t
                action: shell
                for_each: "{{ ['make build', 'make test'] }}"
                parameters: {command: "{{ item }}", env: {WHO: "{{ inputs.who }}"}}
              - id: a
                action: shell
                parameters: {args: ["echo", "hello {{ inputs.who }}"]}
              - id: n
                action: noop
                parameters: {text: "hello {{ inputs.who }}"}
            """);

        Warnings(result).ShouldBeEmpty();
    }

    [Fact]
    public void Load_TheFixTheWarningSuggests_DoesNotWarn()
    {
        var result = Load("""
              - id: greet
                action: shell
                parameters:
                  command: echo "hello $WHO"
                  env: {WHO: "{{ inputs.who }}"}
              - id: q
                action: query
                parameters:
                  sql: "SELECT * FROM users WHERE name = $who"
                  params: {who: "{{ inputs.who }}"}
            """);

        Warnings(result).ShouldBeEmpty();
    }

    [Fact]
    public void Load_TemplateWithSyntaxError_IsReportedOnceAsSyntax()
    {
        var result = Load("""
              - id: t
                action: shell
                parameters: {command: "echo {{ inputs.who | uper }}"}
            """);

        result.Diagnostics.ShouldHaveSingleItem().Code.ShouldBe("SLU300");
    }
}
